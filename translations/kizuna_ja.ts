<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>App</name>
    <message>
        <location filename="../app/bootstrap.py" line="57"/>
        <source>Unexpected error</source>
        <translation>予期しないエラー</translation>
    </message>
    <message>
        <location filename="../app/bootstrap.py" line="58"/>
        <source>Something went wrong. Nothing you wrote was lost. Details are in the log.</source>
        <translation>問題が発生しました。書いた内容は失われていません。詳しくはログをご覧ください。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../app/ui/composer.py" line="129"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="140"/>
        <source>Send to:</source>
        <translation>公開範囲：</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="141"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="143"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="145"/>
        <source>Everyone can read it</source>
        <translation>だれでも読めます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="146"/>
        <source>Only your friends can read it</source>
        <translation>友だちだけが読めます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="159"/>
        <source>Only your friends will see this</source>
        <translation>この投稿は友だちにだけ表示されます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="166"/>
        <source>What would you like to share?</source>
        <translation>いまどうしてる？</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="167"/>
        <source>Post text</source>
        <translation>投稿の本文</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="178"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="182"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="186"/>
        <source>⌘+Return</source>
        <translation>⌘+Return</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="188"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="190"/>
        <source>Send (%1)</source>
        <translation>送信（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="263"/>
        <source>No signed-in account can post to this audience.</source>
        <translation>この公開範囲に投稿できるアカウントでサインインしていません。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="301"/>
        <source>%1 characters too long for %2</source>
        <translation>%2 の上限を %1 文字超えています</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="307"/>
        <source>%1 characters left</source>
        <translation>あと %1 文字</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="344"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラーが発生しました（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="352"/>
        <source>Sent to every target.</source>
        <translation>すべての送信先に送信しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="358"/>
        <source>Not everything was sent. Your text is kept: edit it or send again.</source>
        <translation>一部の送信先に送信できませんでした。本文は残してあります。修正するか、もう一度送信してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="393"/>
        <source>%1: sending…</source>
        <translation>%1：送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="395"/>
        <source>%1: sent</source>
        <translation>%1：送信しました</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="397"/>
        <source>open</source>
        <translation>投稿を開く</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="400"/>
        <source>unknown reason</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="402"/>
        <source>%1: failed — %2</source>
        <translation>%1：送信できませんでした（%2）</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../app/ui/errors.py" line="13"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラー: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="18"/>
        <source>Rate limited by the server; try again in %n second(s).</source>
        <translation>サーバーの回数制限に達しました。%n 秒後にもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="21"/>
        <source>Rate limited by the server; try again shortly.</source>
        <translation>サーバーの回数制限に達しました。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="23"/>
        <source>Signed out: the server no longer accepts this sign-in.</source>
        <translation>サインインが切れました。もう一度サインインしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="26"/>
        <source>This network cannot limit a post to that audience, so nothing was sent.</source>
        <translation>このネットワークではその公開範囲に限定できないため、送信していません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="29"/>
        <source>The server had a problem.</source>
        <translation>サーバーで問題が発生しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="30"/>
        <source>Cannot reach the server. Check the network connection.</source>
        <translation>サーバーに接続できません。ネットワーク接続を確認してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="33"/>
        <source>The server took too long to answer.</source>
        <translation>サーバーの応答がありません（タイムアウト）。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="34"/>
        <source>The server sent a reply Kizuna could not read.</source>
        <translation>サーバーから読み取れない応答が返ってきました。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="37"/>
        <source>The server refused the post.</source>
        <translation>サーバーが投稿を受け付けませんでした。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/ui/main_window.py" line="123"/>
        <source>Kizuna</source>
        <translation>絆 Kizuna</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="138"/>
        <source>Signing in…</source>
        <translation>サインイン中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="143"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="146"/>
        <source>Write a new post (Ctrl+N)</source>
        <translation>新しい投稿を書く (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="151"/>
        <source>Safety check</source>
        <translation>安否確認</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="154"/>
        <source>Tell both circles you are safe (安否確認): one message to every account</source>
        <translation>無事を公開と友だちの両方に知らせます（すべてのアカウントへ一斉送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="165"/>
        <source>Sandbox — a local practice network; nothing leaves this computer</source>
        <translation>サンドボックス — ローカルの練習用ネットワーク（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="175"/>
        <source>Public timeline</source>
        <translation>公開タイムライン</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="180"/>
        <source>Friends feed</source>
        <translation>友だちフィード</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="190"/>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="209"/>
        <source>Public: %1</source>
        <translation>公開: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="210"/>
        <source>Friends: %1</source>
        <translation>友だち: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="214"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="224"/>
        <source>Signed in</source>
        <translation>サインインしました</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="245"/>
        <source>Could not start: %1</source>
        <translation>起動できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="334"/>
        <source>Sent</source>
        <translation>送信しました</translation>
    </message>
</context>
<context>
    <name>PostDelegate</name>
    <message>
        <location filename="../app/ui/post_delegate.py" line="527"/>
        <source>Friends only</source>
        <translation>友だち限定</translation>
    </message>
    <message>
        <location filename="../app/ui/post_delegate.py" line="529"/>
        <source>No description (alt text) for this image</source>
        <translation>この画像には説明（代替テキスト）がありません</translation>
    </message>
</context>
<context>
    <name>TimelineColumn</name>
    <message>
        <location filename="../app/ui/timeline_column.py" line="48"/>
        <source>Live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="49"/>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="50"/>
        <source>Reconnecting…</source>
        <translation>再接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="51"/>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="154"/>
        <location filename="../app/ui/timeline_column.py" line="155"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="170"/>
        <source>Loading older posts…</source>
        <translation>以前の投稿を読み込み中…</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="186"/>
        <source>Live status: %1</source>
        <translation>接続状態：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="233"/>
        <source>No posts yet</source>
        <translation>まだ投稿はありません</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="235"/>
        <source>Offline — no posts to show</source>
        <translation>オフラインのため、表示できる投稿がありません</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="237"/>
        <source>Loading posts…</source>
        <translation>投稿を読み込み中…</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../app/ui/timeline_model.py" line="69"/>
        <source>%1 (%2), %3: %4</source>
        <translation>%1（%2）、%3：%4</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_model.py" line="75"/>
        <source>Friends only.</source>
        <translation>友だち限定。</translation>
    </message>
</context>
</TS>
