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
    <message>
        <location filename="../app/ui/errors.py" line="51"/>
        <source>The account is not signed in right now; it will be sent once it is.</source>
        <translation>このアカウントは現在サインインしていません。サインインすると送信されます。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="54"/>
        <source>It may already have been sent; check the timeline before retrying.</source>
        <translation>すでに送信されている可能性があります。再送する前にタイムラインを確認してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="57"/>
        <source>The scheduled time passed while Kizuna was closed.</source>
        <translation>Kizuna を閉じている間に予約時刻を過ぎました。</translation>
    </message>
</context>
<context>
    <name>GiftPicker</name>
    <message>
        <location filename="../app/ui/gift_picker.py" line="106"/>
        <source>Gift card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="110"/>
        <source>Image description (alt text):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="114"/>
        <source>Image description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="121"/>
        <source>Open card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="122"/>
        <source>A card for everyone who reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="123"/>
        <source>For chosen friends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="125"/>
        <source>Only the friends you tick can read it (friends audience)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="138"/>
        <source>Friends to send the card to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="157"/>
        <source>No gift card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="205"/>
        <source>No account here can address friends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="214"/>
        <source>Loading friends…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="222"/>
        <source>Could not load your friends: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="240"/>
        <source>No friends to address yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="298"/>
        <source>Choose an occasion to see its gifts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/ui/main_window.py" line="133"/>
        <source>Kizuna</source>
        <translation>絆 Kizuna</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="148"/>
        <source>Signing in…</source>
        <translation>サインイン中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="153"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="156"/>
        <source>Write a new post (Ctrl+N)</source>
        <translation>新しい投稿を書く (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="161"/>
        <source>Safety check</source>
        <translation>安否確認</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="164"/>
        <source>Tell both circles you are safe (安否確認): one message to every account</source>
        <translation>無事を公開と友だちの両方に知らせます（すべてのアカウントへ一斉送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="171"/>
        <location filename="../app/ui/main_window.py" line="390"/>
        <source>Outbox</source>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="174"/>
        <source>Posts waiting, scheduled or failed</source>
        <translation>送信待ち・予約中・送信できなかった投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="183"/>
        <source>Sandbox — a local practice network; nothing leaves this computer</source>
        <translation>サンドボックス — ローカルの練習用ネットワーク（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="193"/>
        <source>Public timeline</source>
        <translation>公開タイムライン</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="198"/>
        <source>Friends feed</source>
        <translation>友だちフィード</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="208"/>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="233"/>
        <source>Public: %1</source>
        <translation>公開: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="234"/>
        <source>Friends: %1</source>
        <translation>友だち: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="238"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="248"/>
        <source>Signed in</source>
        <translation>サインインしました</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="274"/>
        <source>Could not start: %1</source>
        <translation>起動できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="426"/>
        <source>Sent</source>
        <translation>送信しました</translation>
    </message>
</context>
<context>
    <name>OccasionPicker</name>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="44"/>
        <source>%1 · today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="46"/>
        <source>%1 · now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="49"/>
        <source>%1 · tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="51"/>
        <source>%1 · in %2 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="71"/>
        <source>Occasion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="73"/>
        <source>Occasion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="78"/>
        <source>Another template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="82"/>
        <source>Try the next greeting for this occasion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="108"/>
        <source>No occasion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="148"/>
        <source>Add hashtag:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="166"/>
        <source>Add this hashtag on the last line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="37"/>
        <source>Scheduled for %1</source>
        <translation>%1 に送信予約</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="39"/>
        <source>Waiting to retry</source>
        <translation>再送を待っています</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="40"/>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="41"/>
        <source>Sent</source>
        <translation>送信済み</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="42"/>
        <source>Failed</source>
        <translation>送信できませんでした</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="43"/>
        <source>Needs your decision</source>
        <translation>確認が必要です</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="58"/>
        <source>Outbox</source>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="61"/>
        <source>Nothing is waiting: every post was sent.</source>
        <translation>送信待ちの投稿はありません。すべて送信済みです。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="66"/>
        <source>To</source>
        <translation>送信先</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="67"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="68"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="69"/>
        <source>Text</source>
        <translation>本文</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="81"/>
        <source>Retry</source>
        <translation>再送</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="82"/>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="83"/>
        <source>Send everything due now</source>
        <translation>送信できるものを今すぐ送る</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="119"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="121"/>
        <source>Friends</source>
        <translation>友だち</translation>
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
    <name>SafetyDialog</name>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="36"/>
        <source>Safety check</source>
        <translation>安否確認</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="41"/>
        <source>Tell the public and your friends that you are safe. It goes to every account at once, before anything else waiting, and waits for the network if it is down.</source>
        <translation>公開と友だちの両方に、無事であることを知らせます。すべてのアカウントへ一斉に、ほかの送信待ちより先に送ります。ネットワークがつながらないときは、つながるまで待って送ります。</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="52"/>
        <source>I am safe.</source>
        <translation>無事です。</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="54"/>
        <source>e.g. at home, at work</source>
        <translation>例：自宅、職場</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="55"/>
        <source>Message (optional):</source>
        <translation>メッセージ（省略可）：</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="56"/>
        <source>Where you are (optional):</source>
        <translation>いる場所（省略可）：</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="61"/>
        <source>To the public (polite):</source>
        <translation>公開向け（ていねい）：</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="62"/>
        <source>To friends (casual):</source>
        <translation>友だち向け（くだけた）：</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="73"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="75"/>
        <source>Send safety message</source>
        <translation>安否を知らせる</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="96"/>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="103"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="104"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="109"/>
        <source>%1: no signed-in account</source>
        <translation>%1：サインイン中のアカウントがありません</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="115"/>
        <source>%1: reached ✓</source>
        <translation>%1：届きました ✓</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="117"/>
        <source>sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/safety_dialog.py" line="121"/>
        <source>%1: not yet — %2</source>
        <translation>%1：まだ届いていません — %2</translation>
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
