<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name></name>
    <message>
        <location filename="../app/ui/errors.py" line="13"/>
        <source>Errors</source>
        <comment>Unexpected error: %1</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/errors.py" line="18"/>
        <source>Errors</source>
        <comment>Rate limited by the server; try again in %n second(s).</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="19"/>
        <source>Errors</source>
        <comment>Rate limited by the server; try again shortly.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="21"/>
        <source>Errors</source>
        <comment>Signed out: the server no longer accepts this sign-in.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="23"/>
        <source>Errors</source>
        <comment>This network cannot limit a post to that audience, so nothing was sent.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="25"/>
        <source>Errors</source>
        <comment>The server had a problem.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="26"/>
        <source>Errors</source>
        <comment>Cannot reach the server. Check the network connection.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="27"/>
        <source>Errors</source>
        <comment>The server took too long to answer.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="28"/>
        <source>Errors</source>
        <comment>The server sent a reply Kizuna could not read.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="29"/>
        <source>Errors</source>
        <comment>The server refused the post.</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../app/bootstrap.py" line="57"/>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/bootstrap.py" line="58"/>
        <source>Something went wrong. Nothing you wrote was lost. Details are in the log.</source>
        <translation type="unfinished"></translation>
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
    <name>MainWindow</name>
    <message>
        <location filename="../app/ui/main_window.py" line="105"/>
        <source>Kizuna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="120"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="125"/>
        <source>New post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="128"/>
        <source>Write a new post (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="133"/>
        <source>Safety check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="136"/>
        <source>Tell both circles you are safe (安否確認): one message to every account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="147"/>
        <source>Sandbox — a local practice network; nothing leaves this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="157"/>
        <source>Public timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="162"/>
        <source>Friends feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="172"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="191"/>
        <source>Public: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="192"/>
        <source>Friends: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="196"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="206"/>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="228"/>
        <source>Could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="317"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostDelegate</name>
    <message>
        <location filename="../app/ui/post_delegate.py" line="526"/>
        <source>Friends only</source>
        <translation>友だち限定</translation>
    </message>
    <message>
        <location filename="../app/ui/post_delegate.py" line="528"/>
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
    <message numerus="yes">
        <location filename="../app/ui/timeline_model.py" line="73"/>
        <source>%n image(s).</source>
        <translation>
            <numerusform>画像%n枚。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_model.py" line="75"/>
        <source>Friends only.</source>
        <translation>友だち限定。</translation>
    </message>
</context>
</TS>
