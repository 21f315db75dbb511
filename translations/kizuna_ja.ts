<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountsDialog</name>
    <message>
        <location filename="../app/ui/accounts_words.py" line="54"/>
        <source>No system keychain is available, so Kizuna cannot keep your sign-in safe and will not store it in a plain file. On Linux, install and start a Secret Service such as GNOME Keyring or KWallet, then sign in again.</source>
        <translation>システムのキーチェーンが使えないため、Kizunaはサインイン情報を安全に保管できません。平文のファイルに保存することもしません。Linuxでは、GNOME KeyringやKWalletなどのSecret Serviceをインストールして起動してから、もう一度サインインしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="61"/>
        <source>The system keychain is locked or refused access. Unlock it (or allow Kizuna) and try again.</source>
        <translation>システムのキーチェーンがロックされているか、アクセスを拒否しました。ロックを解除する（またはKizunaを許可する）と、もう一度試せます。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="71"/>
        <source>Enter the server&apos;s address, e.g. mastodon.social.</source>
        <translation>サーバーのアドレスを入力してください（例：mastodon.social）。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="72"/>
        <source>That server address is not secure (http). Use an https:// address.</source>
        <translation>このサーバーのアドレスは安全ではありません（http）。https:// のアドレスを使ってください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="76"/>
        <source>%1 cannot keep a post to friends only, so it can serve the public side only.</source>
        <translation>%1では投稿を友だちだけに限れないため、公開側にだけ使えます。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="84"/>
        <source>Choose at least one side for this account: public or friends.</source>
        <translation>このアカウントを使う範囲を、公開・友だちから少なくとも一つ選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="87"/>
        <source>Enter the handle and an app password.</source>
        <translation>ハンドルとアプリパスワードを入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="88"/>
        <source>That account is no longer listed.</source>
        <translation>そのアカウントはもう一覧にありません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="89"/>
        <location filename="../app/ui/accounts_words.py" line="143"/>
        <source>Enter the Client ID of your X app.</source>
        <translation>X アプリのクライアントIDを入力してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="90"/>
        <source>Choose a callback port between 1024 and 65535.</source>
        <translation>コールバックポートは 1024〜65535 の範囲で選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="91"/>
        <source>Start signing in with a code first: press Paste a code instead.</source>
        <translation>先にコードでのサインインを始めてください。「コードを貼り付けて進める」を押します。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="96"/>
        <source>Kizuna cannot use this kind of account.</source>
        <translation>この種類のアカウントはKizunaでは使えません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="36"/>
        <source>Port %1 is in use by another program. Close that program, or choose another callback port and register its callback URL in your X app.</source>
        <translation>ポート %1 は別のプログラムが使用中です。そのプログラムを終了するか、別のコールバックポートを選び、そのコールバックURLを X アプリに登録してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="47"/>
        <source>The handle or app password was not accepted.</source>
        <translation>ハンドルまたはアプリパスワードが受け付けられませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="123"/>
        <source>Accounts</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="155"/>
        <source>No accounts yet. Add one below to post and read.</source>
        <translation>アカウントはまだありません。投稿したり読んだりするには、下で追加してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="53"/>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="54"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="55"/>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="216"/>
        <location filename="../app/ui/accounts_forms.py" line="56"/>
        <location filename="../app/ui/accounts_forms.py" line="259"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="218"/>
        <location filename="../app/ui/accounts_forms.py" line="57"/>
        <location filename="../app/ui/accounts_forms.py" line="261"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="164"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="244"/>
        <source>Add an account</source>
        <translation>アカウントを追加</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="249"/>
        <source>Network:</source>
        <translation>ネットワーク：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="253"/>
        <source>e.g. mastodon.social</source>
        <translation>例：mastodon.social</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="251"/>
        <source>Server:</source>
        <translation>サーバー：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="80"/>
        <source>%1 keeps no followers-only posts, so this account cannot serve the friends side.</source>
        <translation>%1はフォロワー限定の投稿を保てないため、このアカウントは友だち側に使えません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="104"/>
        <source>Sign-in did not complete: the browser did not come back to Kizuna in time.</source>
        <translation>サインインを完了できませんでした。時間内にブラウザから Kizuna に戻りませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="108"/>
        <source>Sign-in did not complete: Kizuna was not approved on the server&apos;s page.</source>
        <translation>サインインを完了できませんでした。サーバーのページで Kizuna が許可されませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="112"/>
        <source>Sign-in did not complete: the server refused to let Kizuna sign in.</source>
        <translation>サインインを完了できませんでした。サーバーが Kizuna のサインインを拒否しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="115"/>
        <source>The answer belonged to another sign-in, so Kizuna did not use it. Sign in again.</source>
        <translation>別のサインインの応答だったため、使用しませんでした。もう一度サインインしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="119"/>
        <source>Sign-in did not complete: the server sent the browser back without a code.</source>
        <translation>サインインを完了できませんでした。サーバーから認可コードが返ってきませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="123"/>
        <source>Paste the code shown on the server&apos;s page, then press Finish sign-in.</source>
        <translation>サーバーのページに表示されたコードを貼り付けて、「サインインを完了」を押してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="127"/>
        <source>No code was found in the pasted text. Copy the code shown on the server&apos;s page.</source>
        <translation>貼り付けた文字列にコードが見つかりません。サーバーのページに表示されたコードをコピーしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="131"/>
        <source>Sign-in did not complete: the callback port is in use by another program.</source>
        <translation>サインインを完了できませんでした。コールバック用のポートを別のプログラムが使用しています。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="135"/>
        <source>Kizuna could not wait for the browser on this computer (127.0.0.1). A firewall or security program may be blocking it.</source>
        <translation>このコンピューター（127.0.0.1）でブラウザからの応答を待ち受けられませんでした。ファイアウォールやセキュリティソフトが妨げている可能性があります。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="140"/>
        <source>Kizuna could not open the sign-in page in a web browser.</source>
        <translation>サインインのページをウェブブラウザで開けませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="146"/>
        <source>Sign-in did not complete: the answer could not be understood.</source>
        <translation>サインインを完了できませんでした。応答の内容を読み取れませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_words.py" line="150"/>
        <source>Sign-in did not complete.</source>
        <translation>サインインを完了できませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="169"/>
        <source>Handle:</source>
        <translation>ハンドル：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="171"/>
        <source>e.g. name.bsky.social</source>
        <translation>例：name.bsky.social</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="173"/>
        <source>App password:</source>
        <translation>アプリパスワード：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="177"/>
        <source>Create an app password in Bluesky&apos;s settings; never use your main password.</source>
        <translation>アプリパスワードはBlueskyの設定で作成してください。普段のパスワードは決して使わないでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="265"/>
        <source>Serves:</source>
        <translation>使う範囲：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="272"/>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="274"/>
        <source>Cancel sign-in</source>
        <translation>サインインを中止</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="275"/>
        <source>Paste a code instead</source>
        <translation>コードを貼り付けて進める</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="277"/>
        <source>For when the browser cannot come back to Kizuna: the server shows a code to copy into Kizuna.</source>
        <translation>ブラウザから Kizuna に戻れないときに使います。サーバーが表示するコードを Kizuna に貼り付けます。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="138"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="191"/>
        <source>Client ID:</source>
        <translation>クライアントID：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="194"/>
        <source>OAuth 2.0 Client ID of your X app</source>
        <translation>X アプリの OAuth 2.0 クライアントID</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="198"/>
        <source>Callback port:</source>
        <translation>コールバックポート：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="204"/>
        <source>Callback URL:</source>
        <translation>コールバックURL：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="210"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="217"/>
        <source>X needs an app of your own: create one in the X Developer Console (console.x.com) and, in its OAuth 2.0 settings, choose the type “Native App” (a public client, no secret), the permissions Read and write, and exactly the callback URL above. Then enter its OAuth 2.0 Client ID here.</source>
        <translation>X を使うにはご自身のアプリが必要です。X Developer Console（console.x.com）でアプリを作成し、OAuth 2.0 の設定で種類に「Native App」（パブリッククライアント、シークレットなし）、権限に「Read and write」、上のコールバックURLをそのまま指定してください。その後、アプリの OAuth 2.0 クライアントIDをここに入力します。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="339"/>
        <source>Sign in with a code</source>
        <translation>コードでサインイン</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="350"/>
        <source>Page:</source>
        <translation>ページ：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="353"/>
        <source>Paste the code the server shows</source>
        <translation>サーバーに表示されたコードを貼り付け</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="355"/>
        <source>Code:</source>
        <translation>コード：</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="358"/>
        <source>Finish sign-in</source>
        <translation>サインインを完了</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="97"/>
        <source>This server keeps no followers-only posts, so this account cannot serve the friends side.</source>
        <translation>このサーバーはフォロワー限定の投稿を保てないため、このアカウントは友だち側に使えません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_forms.py" line="105"/>
        <location filename="../app/ui/accounts_forms.py" line="316"/>
        <source>This network cannot keep a post to friends only.</source>
        <translation>このネットワークでは投稿を友だちだけに限れません。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="206"/>
        <source>%1 now serves: %2.</source>
        <translation>%1 を使う範囲を「%2」にしました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="219"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="233"/>
        <source>Removed %1.</source>
        <translation>%1を削除しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="146"/>
        <source>Copied the callback URL.</source>
        <translation>コールバックURLをコピーしました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="273"/>
        <location filename="../app/ui/accounts_dialog.py" line="419"/>
        <source>Signing in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="283"/>
        <source>Your web browser opens the server&apos;s page: approve Kizuna there, then come back.</source>
        <translation>ウェブブラウザでサーバーのページが開きます。そこでKizunaを許可してから、戻ってきてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="300"/>
        <location filename="../app/ui/accounts_dialog.py" line="371"/>
        <location filename="../app/ui/accounts_dialog.py" line="384"/>
        <location filename="../app/ui/accounts_dialog.py" line="427"/>
        <source>Sign-in cancelled.</source>
        <translation>サインインを中止しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="325"/>
        <source>Signed in as %1. Its server keeps no followers-only posts, so it serves the public side only.</source>
        <translation>%1としてサインインしました。このサーバーはフォロワー限定の投稿を保てないため、公開側にだけ使います。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="331"/>
        <source>Signed in as %1. Its server keeps no followers-only posts, so it cannot serve the friends side: tick Public to use it for the public side.</source>
        <translation>%1としてサインインしました。このサーバーはフォロワー限定の投稿を保てないため、友だち側には使えません。公開側に使うには「公開」にチェックを入れてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="337"/>
        <source>Signed in as %1.</source>
        <translation>%1としてサインインしました。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="349"/>
        <source>Opening the server&apos;s page…</source>
        <translation>サーバーのページを開いています…</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="390"/>
        <source>Open the page below in your web browser, approve Kizuna there, copy the code it shows, paste it below and press Finish sign-in.</source>
        <translation>下のページをウェブブラウザで開いて Kizuna を許可し、表示されたコードをコピーして下に貼り付け、「サインインを完了」を押してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="396"/>
        <source>The server&apos;s page is open in your web browser: approve Kizuna there, copy the code it shows, paste it below and press Finish sign-in.</source>
        <translation>ウェブブラウザでサーバーのページを開きました。Kizuna を許可し、表示されたコードをコピーして下に貼り付け、「サインインを完了」を押してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="405"/>
        <source>%1 Kizuna asks the server for a code to paste instead.</source>
        <translation>%1代わりに貼り付け用のコードをサーバーに求めています。</translation>
    </message>
    <message>
        <location filename="../app/ui/accounts_dialog.py" line="434"/>
        <source>The server did not accept that code. Copy it again from the server&apos;s page, or press Paste a code instead for a new one.</source>
        <translation>サーバーがそのコードを受け付けませんでした。サーバーのページからもう一度コピーするか、「コードを貼り付けて進める」を押して新しいコードを取得してください。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../app/bootstrap.py" line="72"/>
        <source>Unexpected error</source>
        <translation>予期しないエラー</translation>
    </message>
    <message>
        <location filename="../app/bootstrap.py" line="73"/>
        <source>Something went wrong. Nothing you wrote was lost. Details are in the log.</source>
        <translation>問題が発生しました。書いた内容は失われていません。詳しくはログをご覧ください。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../app/ui/composer.py" line="117"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="37"/>
        <source>Send to:</source>
        <translation>公開範囲：</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="38"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="39"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="40"/>
        <source>Everyone can read it</source>
        <translation>だれでも読めます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="41"/>
        <source>Only your friends can read it</source>
        <translation>友だちだけが読めます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="93"/>
        <source>Only your friends will see this</source>
        <translation>この投稿は友だちにだけ表示されます</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="98"/>
        <source>Public post text</source>
        <translation>公開の投稿文</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="99"/>
        <source>Friends post text</source>
        <translation>友だち向けの投稿文</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="100"/>
        <source>Public (polite)</source>
        <translation>公開（ていねい）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="101"/>
        <source>Friends (casual)</source>
        <translation>友だち（カジュアル）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="107"/>
        <source>Same text for both</source>
        <translation>両方に同じ文を送る</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="109"/>
        <source>Send one text to the public and to friends</source>
        <translation>公開と友だちに同じ文を送ります</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_gift.py" line="39"/>
        <source>Gift card</source>
        <translation>ギフトカード</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_schedule.py" line="69"/>
        <source>When:</source>
        <translation>送信日時：</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_schedule.py" line="70"/>
        <source>Send now</source>
        <translation>今すぐ送る</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_schedule.py" line="71"/>
        <source>At</source>
        <translation>日時を指定</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_schedule.py" line="79"/>
        <source>Send at (Japan time)</source>
        <translation>送信日時（日本時間）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_schedule.py" line="88"/>
        <source>Japan time</source>
        <translation>日本時間</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_texts.py" line="117"/>
        <source>What would you like to share?</source>
        <translation>いまどうしてる？</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="204"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="208"/>
        <location filename="../app/ui/composer.py" line="412"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="212"/>
        <source>⌘+Return</source>
        <translation>⌘+Return</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="214"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="216"/>
        <source>Send (%1)</source>
        <translation>送信（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_counters.py" line="107"/>
        <source>No signed-in account can post to this audience.</source>
        <translation>この公開範囲に投稿できるアカウントでサインインしていません。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_counters.py" line="132"/>
        <source>%1 characters left</source>
        <translation>あと %1 文字</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_gift.py" line="59"/>
        <source>A card for chosen friends goes to your friends: turn on Friends.</source>
        <translation>選んだ友だちへのカードは友だち向けに送ります。「友だち」をオンにしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_gift.py" line="63"/>
        <source>Tick at least one friend, or make it an open card.</source>
        <translation>友だちを一人以上選ぶか、みんなに見えるカードにしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_greetings.py" line="40"/>
        <source>%1 has not begun on %2: this greeting would come too early.</source>
        <translation>%2はまだ%1より前です。このあいさつは早すぎます。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_greetings.py" line="42"/>
        <source>%1 is over on %2: people send %3 instead (choose it under Occasion).</source>
        <translation>%2には%1の時期が過ぎています。代わりに%3を送るのが一般的です（「行事」から選べます）。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_greetings.py" line="46"/>
        <source>%1 is over on %2: this greeting would come late.</source>
        <translation>%2には%1の時期が過ぎています。このあいさつは遅れて届きます。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="412"/>
        <source>Schedule</source>
        <translation>予約する</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_send.py" line="86"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラーが発生しました（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="438"/>
        <source>Sent to every target.</source>
        <translation>すべての送信先に送信しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer.py" line="449"/>
        <source>Not everything was sent. Your text is kept: edit it or send again.</source>
        <translation>一部の送信先に送信できませんでした。本文は残してあります。修正するか、もう一度送信してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="95"/>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="95"/>
        <source>Try again now</source>
        <translation>今すぐもう一度送る</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="98"/>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="99"/>
        <source>Put this text back in the editor</source>
        <translation>この文を編集欄に戻す</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="103"/>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="104"/>
        <source>Do not send to this account</source>
        <translation>このアカウントには送らない</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="133"/>
        <source>%1: discarded</source>
        <translation>%1：破棄しました</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="172"/>
        <source>%1: sending…</source>
        <translation>%1：送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="174"/>
        <source>%1: sent</source>
        <translation>%1：送信しました</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="176"/>
        <source>open</source>
        <translation>投稿を開く</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="170"/>
        <source>unknown reason</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_counters.py" line="62"/>
        <source>Too long for %1 (%2): %3 of %4 bytes. Shorten it to send.</source>
        <translation>%1（%2）には長すぎます：%3／%4バイト。短くすると送信できます。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_counters.py" line="69"/>
        <source>Too long for %1 (%2): %3 of %4. Shorten it to send.</source>
        <translation>%1（%2）には長すぎます：%3／%4。短くすると送信できます。</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="181"/>
        <source>%1: waiting — %2, will retry</source>
        <translation>%1：待機中 — %2 あとで自動で再送します</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="188"/>
        <source>%1: scheduled for %2 (Japan time)</source>
        <translation>%1：%2（日本時間）に予約済み</translation>
    </message>
    <message>
        <location filename="../app/ui/composer_results.py" line="192"/>
        <source>%1: failed — %2</source>
        <translation>%1：送信できませんでした（%2）</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../app/ui/errors.py" line="34"/>
        <source>The scheduled time has no time zone.</source>
        <translation>予約時刻にタイムゾーンがありません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="35"/>
        <source>The new time has already passed; choose a later one.</source>
        <translation>新しい時刻はすでに過ぎています。もっと後の時刻を選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="38"/>
        <source>No signed-in account serves the chosen audience.</source>
        <translation>選んだ公開範囲に使えるサインイン中のアカウントがありません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="39"/>
        <source>A post to chosen friends needs the friends audience.</source>
        <translation>選んだ友だちへの投稿には「友だち」の公開範囲が必要です。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="42"/>
        <source>The chosen friends belong to an account that is not signed in.</source>
        <translation>選んだ友だちのアカウントはサインインしていません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="45"/>
        <source>An account of this audience cannot carry pictures.</source>
        <translation>この公開範囲のアカウントは画像を送れません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="46"/>
        <source>An account of this audience cannot address a post to chosen friends.</source>
        <translation>この公開範囲のアカウントは選んだ友だちだけに送ることができません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="49"/>
        <source>An account&apos;s server keeps no followers-only posts: a friends post goes there only to chosen friends.</source>
        <translation>このアカウントのサーバーにはフォロワー限定投稿がありません。友だち向けの投稿は選んだ友だちにだけ送られます。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="54"/>
        <location filename="../app/ui/errors.py" line="85"/>
        <source>This network cannot limit a post to that audience, so nothing was sent.</source>
        <translation>このネットワークではその公開範囲に限定できないため、送信していません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="63"/>
        <source>The account is not signed in right now; it will be sent once it is.</source>
        <translation>このアカウントは現在サインインしていません。サインインすると送信されます。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="66"/>
        <source>It may already have been sent; check the timeline before retrying.</source>
        <translation>すでに送信されている可能性があります。再送する前にタイムラインを確認してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="69"/>
        <source>An earlier try may still arrive; Kizuna checks before sending again.</source>
        <translation>前回の送信がまだ届く可能性があります。Kizuna が確認してから送り直します。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="72"/>
        <source>The scheduled time passed while Kizuna was closed.</source>
        <translation>Kizuna を閉じている間に予約時刻を過ぎました。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="79"/>
        <source>Signed out: the server no longer accepts this sign-in.</source>
        <translation>サインインが切れました。もう一度サインインしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="82"/>
        <source>Rate limited by the server; try again shortly.</source>
        <translation>サーバーの回数制限に達しました。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="88"/>
        <source>The server had a problem.</source>
        <translation>サーバーで問題が発生しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="89"/>
        <source>Cannot reach the server. Check the network connection.</source>
        <translation>サーバーに接続できません。ネットワーク接続を確認してください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="92"/>
        <source>The server took too long to answer.</source>
        <translation>サーバーの応答がありません（タイムアウト）。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="93"/>
        <source>The server sent a reply Kizuna could not read.</source>
        <translation>サーバーから読み取れない応答が返ってきました。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="96"/>
        <source>The server refused the post.</source>
        <translation>サーバーが投稿を受け付けませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="97"/>
        <source>This network cannot do that.</source>
        <translation>このネットワークではその操作はできません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="113"/>
        <source>This post cannot be sent as it is.</source>
        <translation>この投稿はこのままでは送れません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="121"/>
        <source>Unexpected error: %1</source>
        <translation>予期しないエラーが発生しました（%1）</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="125"/>
        <source>Rate limited by the server; try again in %n second(s).</source>
        <translation>サーバーの回数制限に達しました。%n 秒後にもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="150"/>
        <source>Not sent yet.</source>
        <translation>まだ送信されていません。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="158"/>
        <source>The practice sandbox could not be started or reached.</source>
        <translation>練習用サンドボックスを起動できないか、接続できませんでした。</translation>
    </message>
    <message>
        <location filename="../app/ui/errors.py" line="160"/>
        <source>Your saved accounts could not be opened.</source>
        <translation>保存したアカウントを開けませんでした。</translation>
    </message>
</context>
<context>
    <name>GiftPicker</name>
    <message>
        <location filename="../app/ui/gift_picker.py" line="168"/>
        <source>Gift card</source>
        <translation>ギフトカード</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="200"/>
        <source>Image description (alt text):</source>
        <translation>画像の説明（代替テキスト）：</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="146"/>
        <source>Public card</source>
        <translation>公開用カード</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="147"/>
        <source>Friends card</source>
        <translation>友だち用カード</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="149"/>
        <source>The open card everyone sees: no names of friends</source>
        <translation>だれでも見られるカード（友だちの名前は入りません）</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="152"/>
        <source>The card your friends see, addressed to those you tick</source>
        <translation>友だちに届くカード（チェックした人あて）</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="171"/>
        <source>Message on the card:</source>
        <translation>カードのメッセージ：</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="175"/>
        <source>Message on the card</source>
        <translation>カードのメッセージ</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="181"/>
        <source>From:</source>
        <translation>差出人：</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="185"/>
        <source>Your name</source>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="186"/>
        <source>Your name (From)</source>
        <translation>あなたの名前（差出人）</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="188"/>
        <source>Signs the card and fills the greeting&apos;s sender line</source>
        <translation>カードの署名と、あいさつ文の差出人の行に使います</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="205"/>
        <source>Public card description</source>
        <translation>公開用カードの説明</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="206"/>
        <source>Friends card description</source>
        <translation>友だち用カードの説明</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="50"/>
        <source>Open card</source>
        <translation>みんなに見えるカード</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="51"/>
        <source>A card for everyone who reads it</source>
        <translation>読んだ人だれでも見られるカードです</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="52"/>
        <source>For chosen friends</source>
        <translation>選んだ友だちに</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="54"/>
        <source>Only the friends you tick can read it (friends audience)</source>
        <translation>チェックした友だちだけが見られます（友だち向け）</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="66"/>
        <source>Friends to send the card to</source>
        <translation>カードを送る友だち</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="239"/>
        <source>No gift card</source>
        <translation>ギフトカードなし</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="105"/>
        <source>No account here can address friends.</source>
        <translation>友だちを宛先にできるアカウントがありません。</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="114"/>
        <source>Loading friends…</source>
        <translation>友だちを読み込み中…</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="122"/>
        <source>Could not load your friends: %1</source>
        <translation>友だちを読み込めませんでした：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_friends.py" line="141"/>
        <source>No friends to address yet.</source>
        <translation>宛先にできる友だちがまだいません。</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="432"/>
        <source>The card&apos;s message is too long: at most %1 characters.</source>
        <translation>カードのメッセージが長すぎます（%1文字まで）。</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="461"/>
        <source>Choose an occasion to see its gifts.</source>
        <translation>行事を選ぶと、ギフトが表示されます。</translation>
    </message>
    <message>
        <location filename="../app/ui/gift_picker.py" line="477"/>
        <source>The message does not fit on this card: shorten it.</source>
        <translation>メッセージがカードに収まりません。短くしてください。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/ui/main_window.py" line="119"/>
        <source>Kizuna</source>
        <translation>絆 Kizuna</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="279"/>
        <source>Not signed in yet: %1. Posts to it wait in the outbox.</source>
        <translation>まだサインインできていません：%1。このアカウントへの投稿は送信トレイで待ちます。</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="305"/>
        <source>Details are in the log; Try again opens it once more.</source>
        <translation>詳しくはログをご覧ください。「もう一度試す」で開き直せます。</translation>
    </message>
    <message>
        <location filename="../app/ui/column_area.py" line="40"/>
        <source>Sandbox — a local practice network; nothing leaves this computer</source>
        <translation>サンドボックス — ローカルの練習用ネットワーク（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <location filename="../app/ui/column_area.py" line="49"/>
        <source>Public timeline</source>
        <translation>公開タイムライン</translation>
    </message>
    <message>
        <location filename="../app/ui/column_area.py" line="54"/>
        <source>Friends feed</source>
        <translation>友だちフィード</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="203"/>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="285"/>
        <source>Signed in</source>
        <translation>サインインしました</translation>
    </message>
    <message>
        <location filename="../app/ui/column_area.py" line="22"/>
        <source>No account serves the public side — add one in Settings → Accounts</source>
        <translation>公開側に使うアカウントがありません — 設定 → アカウント… で追加してください</translation>
    </message>
    <message>
        <location filename="../app/ui/column_area.py" line="25"/>
        <source>No account serves the friends side — add one in Settings → Accounts</source>
        <translation>友だち側に使うアカウントがありません — 設定 → アカウント… で追加してください</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="50"/>
        <location filename="../app/ui/top_bar.py" line="196"/>
        <source>Signing in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="59"/>
        <source>Sign in again…</source>
        <translation>もう一度サインイン…</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="64"/>
        <source>Try again</source>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="74"/>
        <source>New post</source>
        <translation>新規投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="75"/>
        <source>Write a new post (Ctrl+N)</source>
        <translation>新しい投稿を書く (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="81"/>
        <source>Safety check</source>
        <translation>安否確認</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="82"/>
        <source>Tell both circles you are safe (安否確認): one message to every account</source>
        <translation>無事を公開と友だちの両方に知らせます（すべてのアカウントへ一斉送信）</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="90"/>
        <location filename="../app/ui/top_bar.py" line="205"/>
        <source>Outbox</source>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="91"/>
        <source>Posts waiting, scheduled or failed</source>
        <translation>送信待ち・予約中・送信できなかった投稿</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="96"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="112"/>
        <source>Accounts…</source>
        <translation>アカウント…</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="115"/>
        <source>Use the practice sandbox</source>
        <translation>練習用サンドボックスを使う</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="117"/>
        <source>Show the local practice networks instead of your accounts; nothing leaves this computer</source>
        <translation>自分のアカウントの代わりにローカルの練習用ネットワークを表示します（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="129"/>
        <source>Mourning (喪中): hide celebrations</source>
        <translation>喪中（お祝いの文例を表示しない）</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="135"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="138"/>
        <source>System</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="151"/>
        <source>Appearance</source>
        <translation>外観</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="155"/>
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="156"/>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="157"/>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="174"/>
        <source>%1 now — write a greeting</source>
        <translation>%1の期間です → グリーティングを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="184"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="188"/>
        <source>Public: %1</source>
        <translation>公開：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="189"/>
        <source>Friends: %1</source>
        <translation>友だち：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="217"/>
        <source>%n account(s) signed out: %1</source>
        <translation>%n 件のアカウントがサインアウトしています：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="354"/>
        <source>Saved. Turn off Settings → Use the practice sandbox to use your accounts.</source>
        <translation>保存しました。自分のアカウントを使うには、設定 → 練習用サンドボックスを使う をオフにしてください。</translation>
    </message>
    <message>
        <location filename="../app/ui/top_bar.py" line="176"/>
        <source>%1 in %n day(s) — write a greeting</source>
        <translation>もうすぐ%1・あと%n日 → グリーティングを作成</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="467"/>
        <source>The language changes at the next start.</source>
        <translation>言語は次回の起動時に切り替わります。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_controller.py" line="133"/>
        <source>Missed schedule</source>
        <translation>予約の送信時刻を過ぎています</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_controller.py" line="134"/>
        <source>%n scheduled post(s) should have gone out while Kizuna was closed. Send them now?</source>
        <translation>Kizuna を閉じている間に送信予定だった投稿が %n 件あります。今すぐ送信しますか？</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_controller.py" line="144"/>
        <source>No keeps them in the outbox, where you can send or discard them.</source>
        <translation>「いいえ」を選ぶと送信トレイに残ります。あとから送信または破棄できます。</translation>
    </message>
    <message>
        <location filename="../app/ui/send_controller.py" line="135"/>
        <source>Scheduled; it waits in the outbox</source>
        <translation>予約しました。送信トレイで待機しています</translation>
    </message>
    <message>
        <location filename="../app/ui/send_controller.py" line="139"/>
        <source>Sent</source>
        <translation>送信しました</translation>
    </message>
</context>
<context>
    <name>OccasionPicker</name>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="135"/>
        <source>%1 · today</source>
        <translation>%1・今日</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="137"/>
        <source>%1 · now</source>
        <translation>%1・期間中</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="140"/>
        <source>%1 · over</source>
        <translation>%1・終了</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="142"/>
        <source>%1 · tomorrow</source>
        <translation>%1・明日</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="144"/>
        <source>%1 · in %2 days</source>
        <translation>%1・あと%2日</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="171"/>
        <source>Occasion:</source>
        <translation>行事：</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="173"/>
        <source>Occasion</source>
        <translation>行事</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="178"/>
        <source>Another template</source>
        <translation>別の文例</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="182"/>
        <source>Try the next greeting for this occasion</source>
        <translation>この行事の次の文例にする</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="217"/>
        <source>No occasion</source>
        <translation>行事なし</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="257"/>
        <source>Add hashtag:</source>
        <translation>ハッシュタグを追加：</translation>
    </message>
    <message>
        <location filename="../app/ui/occasion_picker.py" line="275"/>
        <source>Add this hashtag on the last line</source>
        <translation>このハッシュタグを最後の行に追加</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="109"/>
        <source>Waiting to send</source>
        <translation>送信待ち</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="111"/>
        <source>Missed its time</source>
        <translation>予定時刻を過ぎました</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="113"/>
        <source>Waiting to retry</source>
        <translation>再送待ち</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="114"/>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="115"/>
        <source>Sent</source>
        <translation>送信済み</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="116"/>
        <source>Failed</source>
        <translation>送信できませんでした</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="117"/>
        <source>Needs your decision</source>
        <translation>確認が必要です</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="124"/>
        <source>Kept by %1: it is published at its time even while Kizuna is closed.</source>
        <translation>%1 が保管中：Kizuna を閉じていても予定時刻に公開されます。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="128"/>
        <source>Kept by Kizuna: sent at its time while Kizuna is running.</source>
        <translation>Kizuna が保管中：Kizuna の起動中に予定時刻に送信されます。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="156"/>
        <source>Outbox</source>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="166"/>
        <source>Nothing is waiting: every post was sent.</source>
        <translation>送信待ちの投稿はありません。すべて送信済みです。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="171"/>
        <source>To</source>
        <translation>送信先</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="172"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="173"/>
        <source>When (Japan time)</source>
        <translation>日時（日本時間）</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="174"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="175"/>
        <source>Text</source>
        <translation>本文</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="196"/>
        <source>Send now</source>
        <translation>今すぐ送信</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="198"/>
        <source>Send this post now instead of at its scheduled time</source>
        <translation>予約時刻を待たずに、この投稿を今すぐ送信します</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="206"/>
        <source>New time (Japan time)</source>
        <translation>新しい日時（日本時間）</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="207"/>
        <source>Reschedule</source>
        <translation>予約を変更</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="209"/>
        <source>Move this post to the time on the left (Japan time)</source>
        <translation>この投稿を左の日時（日本時間）に変更します</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="217"/>
        <source>Japan time</source>
        <translation>日本時間</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="225"/>
        <source>Retry</source>
        <translation>再送</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="336"/>
        <source>Cancel schedule</source>
        <translation>予約を取り消す</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="401"/>
        <location filename="../app/ui/outbox_dialog.py" line="432"/>
        <source>Not signed in yet: try again in a moment.</source>
        <translation>まだサインインしていません。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="407"/>
        <source>Could not cancel it on the server: %1 It is still scheduled there.</source>
        <translation>サーバーで取り消せませんでした：%1 サーバーには予約が残っています。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="412"/>
        <source>Cancelled: the server will not publish it.</source>
        <translation>取り消しました。サーバーはこの投稿を公開しません。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="441"/>
        <source>The server no longer holds it: published or cancelled elsewhere.</source>
        <translation>サーバーにこの予約はもうありません（公開済みか、別の場所で取り消されました）。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="448"/>
        <source>Choose a time that has not passed yet.</source>
        <translation>まだ過ぎていない日時を選んでください。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="453"/>
        <source>Could not change it on the server: %1 It is still scheduled there.</source>
        <translation>サーバーで変更できませんでした：%1 サーバーには元の予約が残っています。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="457"/>
        <source>Could not change it: %1</source>
        <translation>変更できませんでした：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="462"/>
        <source>It changed meanwhile (sent or being sent); nothing was done.</source>
        <translation>その間に状態が変わりました（送信済みまたは送信中）。何も変更していません。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="466"/>
        <source>Sending now.</source>
        <translation>今すぐ送信します。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="469"/>
        <source>Rescheduled for %1.</source>
        <translation>%1 に予約を変更しました。</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="211"/>
        <location filename="../app/ui/outbox_dialog.py" line="336"/>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="104"/>
        <source>Scheduled on the server</source>
        <translation>サーバーで予約中</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="107"/>
        <source>Scheduled in Kizuna</source>
        <translation>Kizuna で予約中</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="226"/>
        <source>Send everything due now</source>
        <translation>送信待ちの投稿を今すぐ送信</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="271"/>
        <source>Public</source>
        <translation>公開</translation>
    </message>
    <message>
        <location filename="../app/ui/outbox_dialog.py" line="273"/>
        <source>Friends</source>
        <translation>友だち</translation>
    </message>
</context>
<context>
    <name>PostDelegate</name>
    <message>
        <location filename="../app/ui/post_delegate.py" line="488"/>
        <source>Friends only</source>
        <translation>友だち限定</translation>
    </message>
    <message>
        <location filename="../app/ui/post_delegate.py" line="490"/>
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
        <location filename="../app/ui/timeline_column.py" line="53"/>
        <source>Live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="54"/>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="55"/>
        <source>Reconnecting…</source>
        <translation>再接続中…</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="56"/>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="160"/>
        <location filename="../app/ui/timeline_column.py" line="161"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="176"/>
        <source>Loading older posts…</source>
        <translation>以前の投稿を読み込み中…</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="199"/>
        <source>Live status: %1</source>
        <translation>接続状態：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="257"/>
        <source>No posts yet</source>
        <translation>まだ投稿はありません</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="259"/>
        <source>Offline — no posts to show</source>
        <translation>オフラインのため、表示できる投稿がありません</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_column.py" line="261"/>
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
        <location filename="../app/ui/timeline_model.py" line="74"/>
        <source>%n image(s).</source>
        <translation>画像 %n 枚。</translation>
    </message>
    <message>
        <location filename="../app/ui/timeline_model.py" line="76"/>
        <source>Friends only.</source>
        <translation>友だち限定。</translation>
    </message>
</context>
</TS>
