<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountsDialog</name>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="61"/>
        <source>Mastodon</source>
        <translation>Mastodon</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="62"/>
        <source>Misskey</source>
        <translation>Misskey</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="63"/>
        <source>Bluesky</source>
        <translation>Bluesky</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="64"/>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="73"/>
        <source>No system keychain is available, so Kizuna cannot keep your sign-in safe and will not store it in a plain file. On Linux, install and start a Secret Service such as GNOME Keyring or KWallet, then sign in again.</source>
        <translation>システムのキーチェーンが使えないため、Kizunaはサインイン情報を安全に保管できません。平文のファイルに保存することもしません。Linuxでは、GNOME KeyringやKWalletなどのSecret Serviceをインストールして起動してから、もう一度サインインしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="80"/>
        <source>The system keychain is locked or refused access. Unlock it (or allow Kizuna) and try again.</source>
        <translation>システムのキーチェーンがロックされているか、アクセスを拒否しました。ロックを解除する（またはKizunaを許可する）と、もう一度試せます。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="88"/>
        <source>Enter the server&apos;s address, e.g. mastodon.social.</source>
        <translation>サーバーのアドレスを入力してください（例：mastodon.social）。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="91"/>
        <source>That server address is not secure (http). Use an https:// address.</source>
        <translation>このサーバーのアドレスは安全ではありません（http）。https:// のアドレスを使ってください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="95"/>
        <source>%1 cannot keep a post to friends only, so it can serve the public side only.</source>
        <translation>%1では投稿を友だちだけに限れないため、公開側にだけ使えます。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="99"/>
        <source>Choose at least one side for this account: public or friends.</source>
        <translation>このアカウントの使い道を、公開・友だちの少なくとも一つ選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="102"/>
        <source>Enter the handle and an app password.</source>
        <translation>ハンドルとアプリパスワードを入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="103"/>
        <source>That account is no longer listed.</source>
        <translation>そのアカウントはもう一覧にありません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="106"/>
        <source>Kizuna cannot use this kind of account.</source>
        <translation>この種類のアカウントはKizunaでは使えません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="109"/>
        <source>Sign-in did not complete (%1).</source>
        <translation>サインインを完了できませんでした（%1）。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="114"/>
        <source>The handle or app password was not accepted.</source>
        <translation>ハンドルまたはアプリパスワードが受け付けられませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="140"/>
        <source>Accounts</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="145"/>
        <source>No accounts yet. Add one below to post and read.</source>
        <translation>アカウントはまだありません。投稿したり読んだりするには、下で追加してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="151"/>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="152"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="153"/>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="154"/>
        <location filename="../app/ui/accounts_dialog.py" line="200"/>
        <location filename="../app/ui/accounts_dialog.py" line="312"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="155"/>
        <location filename="../app/ui/accounts_dialog.py" line="202"/>
        <location filename="../app/ui/accounts_dialog.py" line="314"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="170"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="175"/>
        <source>Add an account</source>
        <translation>アカウントを追加</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="181"/>
        <source>Network:</source>
        <translation>ネットワーク：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="183"/>
        <source>e.g. mastodon.social</source>
        <translation>例：mastodon.social</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="184"/>
        <source>Server:</source>
        <translation>サーバー：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="185"/>
        <source>Handle:</source>
        <translation>ハンドル：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="187"/>
        <source>e.g. name.bsky.social</source>
        <translation>例：name.bsky.social</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="189"/>
        <source>App password:</source>
        <translation>アプリパスワード：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="193"/>
        <source>Create an app password in Bluesky&apos;s settings; never use your main password.</source>
        <translation>アプリパスワードはBlueskyの設定で作成してください。普段のパスワードは決して使わないでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="206"/>
        <source>Serves:</source>
        <translation>使い道：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="209"/>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="212"/>
        <source>Cancel sign-in</source>
        <translation>サインインを中止</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="225"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="264"/>
        <location filename="../app/ui/accounts_dialog.py" line="364"/>
        <source>This network cannot keep a post to friends only.</source>
        <translation>このネットワークでは投稿を友だちだけに限れません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="302"/>
        <source>%1 now serves: %2.</source>
        <translation>%1の使い道：%2</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="315"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="335"/>
        <source>Removed %1.</source>
        <translation>%1を削除しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="394"/>
        <source>Signing in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="412"/>
        <source>Your web browser opens the server&apos;s page: approve Kizuna there, then come back.</source>
        <translation>ウェブブラウザでサーバーのページが開きます。そこでKizunaを許可してから、戻ってきてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="425"/>
        <source>Sign-in cancelled.</source>
        <translation>サインインを中止しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="437"/>
        <source>Signed in as %1.</source>
        <translation>%1としてサインインしました。</translation>
    </message>
</context>
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
        <location filename="../app/ui/composer.py" line="268"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="279"/>
        <source>Send to:</source>
        <translation>公開範囲：</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="280"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="282"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="284"/>
        <source>Everyone can read it</source>
        <translation>だれでも読めます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="285"/>
        <source>Only your friends can read it</source>
        <translation>友だちだけが読めます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="302"/>
        <source>Only your friends will see this</source>
        <translation>この投稿は友だちにだけ表示されます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="307"/>
        <source>Public post text</source>
        <translation>公開の投稿文</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="308"/>
        <source>Friends post text</source>
        <translation>友だち向けの投稿文</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="309"/>
        <source>Public (polite)</source>
        <translation>公開（ていねい）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="310"/>
        <source>Friends (casual)</source>
        <translation>友だち（くだけた）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="318"/>
        <source>Same text for both</source>
        <translation>両方に同じ文を送る</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="320"/>
        <source>Send one text to the public and to friends</source>
        <translation>公開と友だちに同じ文を送ります</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="330"/>
        <source>Gift card</source>
        <translation>ギフトカード</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="343"/>
        <source>When:</source>
        <translation>送信日時：</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="344"/>
        <source>Send now</source>
        <translation>今すぐ送る</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="345"/>
        <source>At</source>
        <translation>日時を指定</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="353"/>
        <source>Send at (Japan time)</source>
        <translation>送信日時（日本時間）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="363"/>
        <source>Japan time</source>
        <translation>日本時間</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="405"/>
        <source>What would you like to share?</source>
        <translation>いまどうしてる？</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="369"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="373"/>
        <location filename="../app/ui/composer.py" line="705"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="377"/>
        <source>⌘+Return</source>
        <translation>⌘+Return</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="379"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="382"/>
        <source>Send (%1)</source>
        <translation>送信（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="515"/>
        <source>No signed-in account can post to this audience.</source>
        <translation>この公開範囲に投稿できるアカウントでサインインしていません。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="572"/>
        <source>%1 characters too long for %2</source>
        <translation>%2 の上限を %1 文字超えています</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="578"/>
        <source>%1 characters left</source>
        <translation>あと %1 文字</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="590"/>
        <source>A card for chosen friends goes to your friends: turn on Friends.</source>
        <translation>選んだ友だちへのカードは友だち向けに送ります。「友だち」をオンにしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="594"/>
        <source>Tick at least one friend, or make it an open card.</source>
        <translation>友だちを一人以上選ぶか、みんなに見えるカードにしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="705"/>
        <source>Schedule</source>
        <translation>予約する</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="746"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラーが発生しました（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="754"/>
        <source>Sent to every target.</source>
        <translation>すべての送信先に送信しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="765"/>
        <source>Not everything was sent. Your text is kept: edit it or send again.</source>
        <translation>一部の送信先に送信できませんでした。本文は残してあります。修正するか、もう一度送信してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="800"/>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="800"/>
        <source>Try again now</source>
        <translation>今すぐもう一度送る</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="803"/>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="804"/>
        <source>Put this text back in the editor</source>
        <translation>この文を編集欄に戻す</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="808"/>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="809"/>
        <source>Do not send to this account</source>
        <translation>このアカウントには送らない</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="850"/>
        <source>%1: discarded</source>
        <translation>%1：破棄しました</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="894"/>
        <source>%1: sending…</source>
        <translation>%1：送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="896"/>
        <source>%1: sent</source>
        <translation>%1：送信しました</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="898"/>
        <source>open</source>
        <translation>投稿を開く</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="892"/>
        <source>unknown reason</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="902"/>
        <source>%1: waiting — %2, will retry</source>
        <translation>%1：待機中 — %2。あとで自動で再送します</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="910"/>
        <source>%1: scheduled for %2 (Japan time)</source>
        <translation>%1：%2（日本時間）に予約済み</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="916"/>
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
        <location filename="../app/ui/gift_picker.py" line="112"/>
        <source>Gift card</source>
        <translation>ギフトカード</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="116"/>
        <source>Image description (alt text):</source>
        <translation>画像の説明（代替テキスト）：</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="120"/>
        <source>Image description</source>
        <translation>画像の説明</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="127"/>
        <source>Open card</source>
        <translation>みんなに見えるカード</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="128"/>
        <source>A card for everyone who reads it</source>
        <translation>読んだ人だれでも見られるカードです</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="129"/>
        <source>For chosen friends</source>
        <translation>選んだ友だちに</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="131"/>
        <source>Only the friends you tick can read it (friends audience)</source>
        <translation>チェックした友だちだけが見られます（友だち向け）</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="144"/>
        <source>Friends to send the card to</source>
        <translation>カードを送る友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="163"/>
        <source>No gift card</source>
        <translation>ギフトカードなし</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="211"/>
        <source>No account here can address friends.</source>
        <translation>友だちを宛先にできるアカウントがありません。</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="220"/>
        <source>Loading friends…</source>
        <translation>友だちを読み込み中…</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="228"/>
        <source>Could not load your friends: %1</source>
        <translation>友だちを読み込めませんでした：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="246"/>
        <source>No friends to address yet.</source>
        <translation>宛先にできる友だちがまだいません。</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="304"/>
        <source>Choose an occasion to see its gifts.</source>
        <translation>行事を選ぶと、ギフトが表示されます。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/ui/main_window.py" line="153"/>
        <source>Kizuna</source>
        <translation>絆 Kizuna</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="168"/>
        <source>Signing in…</source>
        <translation>サインイン中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="177"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="180"/>
        <source>Write a new post (Ctrl+N)</source>
        <translation>新しい投稿を書く (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="185"/>
        <source>Safety check</source>
        <translation>安否確認</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="188"/>
        <source>Tell both circles you are safe (安否確認): one message to every account</source>
        <translation>無事を公開と友だちの両方に知らせます（すべてのアカウントへ一斉送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="195"/>
        <location filename="../app/ui/main_window.py" line="547"/>
        <source>Outbox</source>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="198"/>
        <source>Posts waiting, scheduled or failed</source>
        <translation>送信待ち・予約中・送信できなかった投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="203"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="207"/>
        <source>Mourning (喪中): hide celebrations</source>
        <translation>喪中（お祝いの文例を表示しない）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="213"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="216"/>
        <source>System</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="232"/>
        <source>Sandbox — a local practice network; nothing leaves this computer</source>
        <translation>サンドボックス — ローカルの練習用ネットワーク（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="242"/>
        <source>Public timeline</source>
        <translation>公開タイムライン</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="247"/>
        <source>Friends feed</source>
        <translation>友だちフィード</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="257"/>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="287"/>
        <source>Public: %1</source>
        <translation>公開: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="288"/>
        <source>Friends: %1</source>
        <translation>友だち: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="292"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="302"/>
        <source>Signed in</source>
        <translation>サインインしました</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="328"/>
        <source>Could not start: %1</source>
        <translation>起動できませんでした: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="425"/>
        <source>%1 now — write a greeting</source>
        <translation>%1の期間です → グリーティングを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="428"/>
        <source>%1 in %n day(s) — write a greeting</source>
        <translation>もうすぐ%1・あと%n日 → グリーティングを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="448"/>
        <source>The language changes at the next start.</source>
        <translation>言語は次回の起動時に切り替わります。</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="462"/>
        <source>Missed schedule</source>
        <translation>予約の送信時刻を過ぎています</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="473"/>
        <source>No keeps them in the outbox, where you can send or discard them.</source>
        <translation>「いいえ」を選ぶと送信トレイに残ります。あとから送信または破棄できます。</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="605"/>
        <source>Not sent: %1</source>
        <translation>送信していません: %1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="620"/>
        <source>Scheduled; it waits in the outbox</source>
        <translation>予約しました。送信トレイで待機しています</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="624"/>
        <source>Sent</source>
        <translation>送信しました</translation>
    </message>
</context>
<context>
    <name>OccasionPicker</name>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="44"/>
        <source>%1 · today</source>
        <translation>%1・今日</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="46"/>
        <source>%1 · now</source>
        <translation>%1・期間中</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="49"/>
        <source>%1 · tomorrow</source>
        <translation>%1・明日</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="51"/>
        <source>%1 · in %2 days</source>
        <translation>%1・あと%2日</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="71"/>
        <source>Occasion:</source>
        <translation>行事：</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="73"/>
        <source>Occasion</source>
        <translation>行事</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="78"/>
        <source>Another template</source>
        <translation>別の文例</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="82"/>
        <source>Try the next greeting for this occasion</source>
        <translation>この行事の次の文例にする</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="108"/>
        <source>No occasion</source>
        <translation>行事なし</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="148"/>
        <source>Add hashtag:</source>
        <translation>ハッシュタグを追加：</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="166"/>
        <source>Add this hashtag on the last line</source>
        <translation>このハッシュタグを最後の行に追加</translation>
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
