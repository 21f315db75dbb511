<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountsDialog</name>
    <message>
        <source>No system keychain is available, so Kizuna cannot keep your sign-in safe and will not store it in a plain file. On Linux, install and start a Secret Service such as GNOME Keyring or KWallet, then sign in again.</source>
        <translation>システムのキーチェーンが使えないため、Kizunaはサインイン情報を安全に保管できません。平文のファイルに保存することもしません。Linuxでは、GNOME KeyringやKWalletなどのSecret Serviceをインストールして起動してから、もう一度サインインしてください。</translation>
    </message>
    <message>
        <source>The system keychain is locked or refused access. Unlock it (or allow Kizuna) and try again.</source>
        <translation>システムのキーチェーンがロックされているか、アクセスを拒否しました。ロックを解除する（またはKizunaを許可する）と、もう一度試せます。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. mastodon.social.</source>
        <translation>サーバーのアドレスを入力してください（例：mastodon.social）。</translation>
    </message>
    <message>
        <source>That server address is not secure (http). Use an https:// address.</source>
        <translation>このサーバーのアドレスは安全ではありません（http）。https:// のアドレスを使ってください。</translation>
    </message>
    <message>
        <source>%1 cannot keep a post to friends only, so it can serve the public side only.</source>
        <extracomment>%1 a network&apos;s name (Bluesky, X)</extracomment>
        <translation>%1では投稿を友だちだけに限れないため、公開側にだけ使えます。</translation>
    </message>
    <message>
        <source>Choose at least one side for this account: public or friends.</source>
        <translation>このアカウントを使う範囲を、公開・友だちから少なくとも一つ選んでください。</translation>
    </message>
    <message>
        <source>Enter the handle and an app password.</source>
        <translation>ハンドルとアプリパスワードを入力してください。</translation>
    </message>
    <message>
        <source>That account is no longer listed.</source>
        <translation>そのアカウントはもう一覧にありません。</translation>
    </message>
    <message>
        <source>Enter the Client ID of your X app.</source>
        <translation>X アプリのクライアントIDを入力してください。</translation>
    </message>
    <message>
        <source>Choose a callback port between 1024 and 65535.</source>
        <translation>コールバックポートは 1024〜65535 の範囲で選んでください。</translation>
    </message>
    <message>
        <source>Start signing in with a code first: press Paste a code instead.</source>
        <translation>先にコードでのサインインを始めてください。「コードを貼り付けて進める」を押します。</translation>
    </message>
    <message>
        <source>Kizuna cannot use this kind of account.</source>
        <translation>この種類のアカウントはKizunaでは使えません。</translation>
    </message>
    <message>
        <source>Port %1 is in use by another program. Close that program, or choose another callback port and register its callback URL in your X app.</source>
        <extracomment>error; %1 a port number</extracomment>
        <translation>ポート %1 は別のプログラムが使用中です。そのプログラムを終了するか、別のコールバックポートを選び、そのコールバックURLを X アプリに登録してください。</translation>
    </message>
    <message>
        <source>The handle or app password was not accepted.</source>
        <translation>ハンドルまたはアプリパスワードが受け付けられませんでした。</translation>
    </message>
    <message>
        <source>Accounts</source>
        <extracomment>window title of Settings → Accounts…</extracomment>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>No accounts yet. Add one below to post and read.</source>
        <translation>アカウントはまだありません。投稿したり読んだりするには、下で追加してください。</translation>
    </message>
    <message>
        <source>Account</source>
        <extracomment>column header of the accounts table: the account&apos;s handle</extracomment>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Network</source>
        <extracomment>column header of the accounts table: Mastodon, Misskey, Bluesky…</extracomment>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>Server</source>
        <extracomment>column header of the accounts table: the server&apos;s address</extracomment>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Public</source>
        <extracomment>what an account serves: the public circle (timeline)</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>Friends</source>
        <extracomment>what an account serves: the friends circle</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>Remove</source>
        <extracomment>button: removes the selected account from Kizuna</extracomment>
        <translation>削除</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>アカウントを追加</translation>
    </message>
    <message>
        <source>Network:</source>
        <extracomment>form label: which network to add (Mastodon, Misskey, Bluesky, X, mixi2)</extracomment>
        <translation>ネットワーク：</translation>
    </message>
    <message>
        <source>e.g. mastodon.social</source>
        <extracomment>placeholder of the server field; keep the example as is</extracomment>
        <translation>例：mastodon.social</translation>
    </message>
    <message>
        <source>Server:</source>
        <extracomment>form label: the server&apos;s address, e.g. mastodon.social</extracomment>
        <translation>サーバー：</translation>
    </message>
    <message>
        <source>mixi2 did not accept the Client ID or Client secret.</source>
        <translation>mixi2 がクライアントIDまたはクライアントシークレットを受け付けませんでした。</translation>
    </message>
    <message>
        <source>%1 keeps no followers-only posts, so this account cannot serve the friends side.</source>
        <extracomment>%1 a server&apos;s address</extracomment>
        <translation>%1はフォロワー限定の投稿を保てないため、このアカウントは友だち側に使えません。</translation>
    </message>
    <message>
        <source>Enter the Client ID and Client secret of your mixi2 application.</source>
        <translation>mixi2 アプリケーションのクライアントIDとクライアントシークレットを入力してください。</translation>
    </message>
    <message>
        <source>Leave the server as https://application-api.mixi.social, or enter a test endpoint with its token_url.</source>
        <translation>サーバーは https://application-api.mixi.social のままにするか、token_url を付けたテスト用の接続先を入力してください。</translation>
    </message>
    <message>
        <source>Sign-in did not complete: the browser did not come back to Kizuna in time.</source>
        <translation>サインインを完了できませんでした。時間内にブラウザから Kizuna に戻りませんでした。</translation>
    </message>
    <message>
        <source>Sign-in did not complete: Kizuna was not approved on the server&apos;s page.</source>
        <translation>サインインを完了できませんでした。サーバーのページで Kizuna が許可されませんでした。</translation>
    </message>
    <message>
        <source>Sign-in did not complete: the server refused to let Kizuna sign in.</source>
        <translation>サインインを完了できませんでした。サーバーが Kizuna のサインインを拒否しました。</translation>
    </message>
    <message>
        <source>The answer belonged to another sign-in, so Kizuna did not use it. Sign in again.</source>
        <translation>別のサインインの応答だったため、使用しませんでした。もう一度サインインしてください。</translation>
    </message>
    <message>
        <source>Sign-in did not complete: the server sent the browser back without a code.</source>
        <translation>サインインを完了できませんでした。サーバーから認可コードが返ってきませんでした。</translation>
    </message>
    <message>
        <source>Paste the code shown on the server&apos;s page, then press Finish sign-in.</source>
        <translation>サーバーのページに表示されたコードを貼り付けて、「サインインを完了」を押してください。</translation>
    </message>
    <message>
        <source>No code was found in the pasted text. Copy the code shown on the server&apos;s page.</source>
        <translation>貼り付けた文字列にコードが見つかりません。サーバーのページに表示されたコードをコピーしてください。</translation>
    </message>
    <message>
        <source>Sign-in did not complete: the callback port is in use by another program.</source>
        <translation>サインインを完了できませんでした。コールバック用のポートを別のプログラムが使用しています。</translation>
    </message>
    <message>
        <source>Kizuna could not wait for the browser on this computer (127.0.0.1). A firewall or security program may be blocking it.</source>
        <translation>このコンピューター（127.0.0.1）でブラウザからの応答を待ち受けられませんでした。ファイアウォールやセキュリティソフトが妨げている可能性があります。</translation>
    </message>
    <message>
        <source>Kizuna could not open the sign-in page in a web browser.</source>
        <translation>サインインのページをウェブブラウザで開けませんでした。</translation>
    </message>
    <message>
        <source>Sign-in did not complete: the answer could not be understood.</source>
        <translation>サインインを完了できませんでした。応答の内容を読み取れませんでした。</translation>
    </message>
    <message>
        <source>Sign-in did not complete.</source>
        <translation>サインインを完了できませんでした。</translation>
    </message>
    <message>
        <source>Handle:</source>
        <extracomment>form label: a Bluesky handle such as name.bsky.social</extracomment>
        <translation>ハンドル：</translation>
    </message>
    <message>
        <source>e.g. name.bsky.social</source>
        <extracomment>placeholder of the Bluesky handle field; keep the example as is</extracomment>
        <translation>例：name.bsky.social</translation>
    </message>
    <message>
        <source>App password:</source>
        <extracomment>form label: a Bluesky app password (not the main password)</extracomment>
        <translation>アプリパスワード：</translation>
    </message>
    <message>
        <source>Create an app password in Bluesky&apos;s settings; never use your main password.</source>
        <translation>アプリパスワードはBlueskyの設定で作成してください。普段のパスワードは決して使わないでください。</translation>
    </message>
    <message>
        <source>Serves:</source>
        <extracomment>form label before the Public and Friends check boxes</extracomment>
        <translation>使う範囲：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <extracomment>button: starts signing in to the new account</extracomment>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <extracomment>button: stops the sign-in that is running</extracomment>
        <translation>サインインを中止</translation>
    </message>
    <message>
        <source>Paste a code instead</source>
        <translation>コードを貼り付けて進める</translation>
    </message>
    <message>
        <source>For when the browser cannot come back to Kizuna: the server shows a code to copy into Kizuna.</source>
        <translation>ブラウザから Kizuna に戻れないときに使います。サーバーが表示するコードを Kizuna に貼り付けます。</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>button: closes the accounts window</extracomment>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Client ID:</source>
        <extracomment>form label: the Client ID of the user&apos;s own X or mixi2 app</extracomment>
        <translation>クライアントID：</translation>
    </message>
    <message>
        <source>OAuth 2.0 Client ID of your X app</source>
        <translation>X アプリの OAuth 2.0 クライアントID</translation>
    </message>
    <message>
        <source>Callback port:</source>
        <extracomment>form label: the 127.0.0.1 port X returns to after sign-in</extracomment>
        <translation>コールバックポート：</translation>
    </message>
    <message>
        <source>Callback URL:</source>
        <extracomment>form label: the URL to register in the user&apos;s X app</extracomment>
        <translation>コールバックURL：</translation>
    </message>
    <message>
        <source>Copy</source>
        <extracomment>button: copies the callback URL to the clipboard</extracomment>
        <translation>コピー</translation>
    </message>
    <message>
        <source>X needs an app of your own: create one in the X Developer Console (console.x.com) and, in its OAuth 2.0 settings, choose the type “Native App” (a public client, no secret), the permissions Read and write, and exactly the callback URL above. Then enter its OAuth 2.0 Client ID here.</source>
        <translation>X を使うにはご自身のアプリが必要です。X Developer Console（console.x.com）でアプリを作成し、OAuth 2.0 の設定で種類に「Native App」（パブリッククライアント、シークレットなし）、権限に「Read and write」、上のコールバックURLをそのまま指定してください。その後、アプリの OAuth 2.0 クライアントIDをここに入力します。</translation>
    </message>
    <message>
        <source>Client ID of your mixi2 application</source>
        <translation>mixi2 アプリケーションのクライアントID</translation>
    </message>
    <message>
        <source>Client secret:</source>
        <extracomment>form label: the Client secret of the user&apos;s mixi2 application</extracomment>
        <translation>クライアントシークレット：</translation>
    </message>
    <message>
        <source>Client secret of your mixi2 application</source>
        <translation>mixi2 アプリケーションのクライアントシークレット</translation>
    </message>
    <message>
        <source>mixi2 needs an application of your own: in mixi2&apos;s developer console (mixi2 Developer Platform) register an application, then copy its Client ID and Client secret here. The application posts as its own mixi2 account; people who write to it in a chat become the friends it can send cards to. The secret is kept only in the system keychain. Leave the server as it is unless you test against another endpoint.</source>
        <translation>mixi2 では、ご自身のアプリケーションが必要です。mixi2 の開発者コンソール（mixi2 Developer Platform）でアプリケーションを登録し、表示されたクライアントIDとクライアントシークレットをここに貼り付けてください。投稿はそのアプリケーション自身の mixi2 アカウントから行われます。アプリケーションにチャットでメッセージを送ってくれた人が、カードを送れる友だちになります。シークレットはシステムのキーチェーンにだけ保存されます。別の接続先で試す場合を除き、サーバーはそのままにしてください。</translation>
    </message>
    <message>
        <source>Sign in with a code</source>
        <translation>コードでサインイン</translation>
    </message>
    <message>
        <source>Page:</source>
        <extracomment>form label: the server&apos;s page that shows the code to paste</extracomment>
        <translation>ページ：</translation>
    </message>
    <message>
        <source>Paste the code the server shows</source>
        <translation>サーバーに表示されたコードを貼り付け</translation>
    </message>
    <message>
        <source>Code:</source>
        <extracomment>form label: the code the server showed, to paste here</extracomment>
        <translation>コード：</translation>
    </message>
    <message>
        <source>Finish sign-in</source>
        <extracomment>button: finishes signing in with the pasted code</extracomment>
        <translation>サインインを完了</translation>
    </message>
    <message>
        <source>This server keeps no followers-only posts, so this account cannot serve the friends side.</source>
        <translation>このサーバーはフォロワー限定の投稿を保てないため、このアカウントは友だち側に使えません。</translation>
    </message>
    <message>
        <source>This network cannot keep a post to friends only.</source>
        <translation>このネットワークでは投稿を友だちだけに限れません。</translation>
    </message>
    <message>
        <source>%1 now serves: %2.</source>
        <extracomment>status line; %1 an account (@name@server), %2 a list of Public/Friends</extracomment>
        <translation>%1 を使う範囲を「%2」にしました。</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>separator between Public and Friends in &quot;… now serves: Public, Friends.&quot;</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <extracomment>status line; %1 the account removed (@name@server)</extracomment>
        <translation>%1を削除しました。</translation>
    </message>
    <message>
        <source>Copied the callback URL.</source>
        <translation>コールバックURLをコピーしました。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <extracomment>status line while a sign-in runs</extracomment>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <source>Your web browser opens the server&apos;s page: approve Kizuna there, then come back.</source>
        <translation>ウェブブラウザでサーバーのページが開きます。そこでKizunaを許可してから、戻ってきてください。</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <extracomment>status line after the user cancelled a sign-in</extracomment>
        <translation>サインインを中止しました。</translation>
    </message>
    <message>
        <source>Signed in as %1. Its server keeps no followers-only posts, so it serves the public side only.</source>
        <extracomment>status line; %1 the new account (@name@server)</extracomment>
        <translation>%1としてサインインしました。このサーバーはフォロワー限定の投稿を保てないため、公開側にだけ使います。</translation>
    </message>
    <message>
        <source>Signed in as %1. Its server keeps no followers-only posts, so it cannot serve the friends side: tick Public to use it for the public side.</source>
        <extracomment>status line; %1 the new account (@name@server)</extracomment>
        <translation>%1としてサインインしました。このサーバーはフォロワー限定の投稿を保てないため、友だち側には使えません。公開側に使うには「公開」にチェックを入れてください。</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <extracomment>status line; %1 the new account (@name@server)</extracomment>
        <translation>%1としてサインインしました。</translation>
    </message>
    <message>
        <source>Opening the server&apos;s page…</source>
        <translation>サーバーのページを開いています…</translation>
    </message>
    <message>
        <source>Open the page below in your web browser, approve Kizuna there, copy the code it shows, paste it below and press Finish sign-in.</source>
        <translation>下のページをウェブブラウザで開いて Kizuna を許可し、表示されたコードをコピーして下に貼り付け、「サインインを完了」を押してください。</translation>
    </message>
    <message>
        <source>The server&apos;s page is open in your web browser: approve Kizuna there, copy the code it shows, paste it below and press Finish sign-in.</source>
        <translation>ウェブブラウザでサーバーのページを開きました。Kizuna を許可し、表示されたコードをコピーして下に貼り付け、「サインインを完了」を押してください。</translation>
    </message>
    <message>
        <source>%1 Kizuna asks the server for a code to paste instead.</source>
        <extracomment>status line; %1 why the browser sign-in failed (a sentence)</extracomment>
        <translation>%1代わりに貼り付け用のコードをサーバーに求めています。</translation>
    </message>
    <message>
        <source>The server did not accept that code. Copy it again from the server&apos;s page, or press Paste a code instead for a new one.</source>
        <translation>サーバーがそのコードを受け付けませんでした。サーバーのページからもう一度コピーするか、「コードを貼り付けて進める」を押して新しいコードを取得してください。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Kizuna cannot save to your profile</source>
        <translation>プロフィールに保存できません</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <extracomment>Title of the message box shown when something failed that Kizuna did not expect.</extracomment>
        <translation>予期しないエラー</translation>
    </message>
    <message>
        <source>Something went wrong. Nothing you wrote was lost. Details are in the log.</source>
        <translation>問題が発生しました。書いた内容は失われていません。詳しくはログをご覧ください。</translation>
    </message>
    <message>
        <source>No screenshot: the timelines did not load within %1 seconds (see the log).</source>
        <extracomment>Error of --screenshot on the command line; %1 is a number of seconds.</extracomment>
        <translation>スクリーンショットを保存できません: %1 秒以内にタイムラインを読み込めませんでした（ログをご覧ください）。</translation>
    </message>
</context>
<context>
    <name>AppMenu</name>
    <message>
        <source>File</source>
        <extracomment>Menu bar menu (Windows, Linux): Settings… and Quit.</extracomment>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Settings…</source>
        <extracomment>Menu entry opening the settings menu (on macOS: the app menu&apos;s Settings…, ⌘,).</extracomment>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Quit Kizuna</source>
        <extracomment>Menu entry that closes Kizuna (Ctrl+Q, ⌘Q).</extracomment>
        <translation>絆を終了</translation>
    </message>
    <message>
        <source>Help</source>
        <extracomment>Menu bar menu holding About Kizuna.</extracomment>
        <translation>ヘルプ</translation>
    </message>
    <message>
        <source>About Kizuna</source>
        <extracomment>Menu entry showing Kizuna&apos;s name, version and purpose.
----------
Title of the About box.</extracomment>
        <translation>絆について</translation>
    </message>
    <message>
        <source>Start Kizuna at login</source>
        <translation>ログイン時に絆を起動</translation>
    </message>
    <message>
        <source>Kizuna starts when you log in, to send scheduled posts on time</source>
        <translation>ログインすると絆が起動し、予約した投稿を時刻どおりに送信します</translation>
    </message>
    <message>
        <source>Could not change Start Kizuna at login.</source>
        <translation>「ログイン時に絆を起動」を変更できませんでした。</translation>
    </message>
    <message>
        <source>Kizuna (絆) %1</source>
        <extracomment>About box headline; %1 is the version number (e.g. 1.2.0).</extracomment>
        <translation>絆 (Kizuna) %1</translation>
    </message>
    <message>
        <source>The public timeline and your friends feed side by side.</source>
        <translation>公開タイムラインと友だちフィードを並べて表示します。</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>error: %1</source>
        <extracomment>Prefix of a CLI error line on stderr; %1 is what went wrong.</extracomment>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <extracomment>Prefix of a CLI warning line on stderr; %1 is the warning.</extracomment>
        <translation>警告: %1</translation>
    </message>
    <message>
        <source>The profile %1 is a file, not a folder. Move the file away or choose another folder with --profile.</source>
        <extracomment>CLI error about the profile folder; %1 is its path.</extracomment>
        <translation>プロフィール %1 はフォルダーではなくファイルです。そのファイルを移動するか、--profile で別のフォルダーを指定してください。</translation>
    </message>
    <message>
        <source>The profile folder %1 cannot be created. Check the path and your permissions, or choose another folder with --profile.</source>
        <extracomment>CLI error; %1 is the path of the profile folder.</extracomment>
        <translation>プロフィールのフォルダー %1 を作成できません。パスと権限を確認するか、--profile で別のフォルダーを指定してください。</translation>
    </message>
    <message>
        <source>The profile %1 cannot be written (read-only). Make it writable or choose another folder with --profile. Nothing was changed.</source>
        <extracomment>CLI error; %1 is the path of the profile folder.</extracomment>
        <translation>プロフィール %1 に書き込めません（読み取り専用）。書き込めるようにするか、--profile で別のフォルダーを指定してください。何も変更していません。</translation>
    </message>
    <message>
        <source>The disk holding %1 is full. Free some space and try again; nothing was half-written.</source>
        <extracomment>CLI error; %1 is the path of the profile folder.</extracomment>
        <translation>%1 のあるディスクがいっぱいです。空き容量を作ってからもう一度お試しください。書きかけのまま残ったものはありません。</translation>
    </message>
    <message>
        <source>The profile database %1 is in use by another program%2. Try again when it has finished.</source>
        <extracomment>CLI error; %1 is the database&apos;s path, %2 empty or &apos; (the programs holding it)&apos;.</extracomment>
        <translation>プロフィールのデータベース %1 は別のプログラム%2が使用中です。そのプログラムが終わってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The profile %1 was written by a newer version of Kizuna. Update Kizuna; this version leaves it unchanged.</source>
        <extracomment>CLI error; %1 is the path of the profile folder.</extracomment>
        <translation>プロフィール %1 は新しいバージョンの Kizuna で保存されています。Kizuna を更新してください。このバージョンでは変更しません。</translation>
    </message>
    <message>
        <source>The profile database %1 is damaged and could not be recovered.</source>
        <extracomment>CLI error; %1 is the database file&apos;s path.</extracomment>
        <translation>プロフィールのデータベース %1 が壊れていて、復元できませんでした。</translation>
    </message>
    <message>
        <source>The profile database was damaged and has been recovered.</source>
        <translation>プロフィールのデータベースが壊れていたため、復元しました。</translation>
    </message>
    <message numerus="yes">
        <source>Unsent posts kept: %n</source>
        <extracomment>A line of the recovery report; %n is how many unsent posts were kept.</extracomment>
        <translation>
            <numerusform>残した未送信の投稿: %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drafts kept: %n</source>
        <extracomment>A line of the recovery report; %n is how many drafts were kept.</extracomment>
        <translation>
            <numerusform>残した下書き: %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <extracomment>CLI warning after a recovery; %1 is the path the damaged file was moved to.</extracomment>
        <translation>壊れたファイルは %1 として残してあります。</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) came back from the backup; check they were not sent already (outbox), then retry or discard them.</source>
        <extracomment>CLI warning after a recovery; %n is how many unsent posts the backup restored.</extracomment>
        <translation>
            <numerusform>%n 件の投稿をバックアップから戻しました。すでに送信済みでないか（送信トレイで）確認してから、再送するか破棄してください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged part(s) of the file could not be read; what was there is lost.</source>
        <extracomment>CLI warning after a recovery; %n is how many damaged parts were lost.</extracomment>
        <translation>
            <numerusform>ファイルの壊れた箇所 %n か所は読み取れませんでした。そこにあった内容は失われました。</numerusform>
        </translation>
    </message>
    <message>
        <source>too long for %1 (%2): %3 bytes of %4</source>
        <extracomment>CLI error: %1 account handle, %2 its network (Mastodon…), %3 bytes used, %4 limit.</extracomment>
        <translation>%1（%2）には長すぎます: %3 バイト（上限 %4）</translation>
    </message>
    <message>
        <source>too long for %1 (%2): %3 characters of %4</source>
        <extracomment>CLI error: %1 account handle, %2 its network, %3 characters used, %4 the limit.</extracomment>
        <translation>%1（%2）には長すぎます: %3 文字（上限 %4）</translation>
    </message>
    <message>
        <source>That time has already passed. Choose a later one.</source>
        <translation>その日時はもう過ぎています。これより後の日時を指定してください。</translation>
    </message>
    <message>
        <source>Not a date and time: %1 (write it as 2027-01-01T09:00)</source>
        <extracomment>CLI error for --at; %1 is what the user wrote. Keep the example date as it is.</extracomment>
        <translation>日時として読めません: %1（2027-01-01T09:00 のように書いてください）</translation>
    </message>
    <message>
        <source>There is no unsent target %1.</source>
        <extracomment>CLI error; %1 is the number of a target (one post to one account) in the outbox.</extracomment>
        <translation>未送信の宛先 %1 はありません。</translation>
    </message>
    <message>
        <source>The practice sandbox could not start. Its files are in %1: delete that folder to start it afresh (it holds only practice posts). Details are in the log.</source>
        <extracomment>CLI error; %1 is the folder of the practice sandbox&apos;s files.</extracomment>
        <translation>練習用サンドボックスを起動できませんでした。ファイルは %1 にあります。そのフォルダーを削除すると最初からやり直せます（練習用の投稿しか入っていません）。詳しくはログをご覧ください。</translation>
    </message>
    <message>
        <source>Could not open the accounts. Details are in the log.</source>
        <translation>アカウントを開けませんでした。詳しくはログをご覧ください。</translation>
    </message>
    <message>
        <source>The practice sandbox&apos;s data (%1) was damaged and has been reset to the demo community. Your own accounts and outbox are not affected.</source>
        <extracomment>CLI warning; %1 is the names of the sandbox&apos;s data files that were reset.</extracomment>
        <translation>練習用サンドボックスのデータ（%1）が壊れていたため、デモのコミュニティに戻しました。ご自分のアカウントと送信トレイには影響ありません。</translation>
    </message>
    <message>
        <source>The saved setting %1 could not be read; its default is used until you change it.</source>
        <extracomment>CLI warning; %1 is the setting&apos;s key (e.g. ui/language).</extracomment>
        <translation>保存された設定 %1 を読み取れませんでした。変更するまでは既定値を使います。</translation>
    </message>
    <message>
        <source>the text is empty</source>
        <translation>本文が空です</translation>
    </message>
    <message>
        <source>%1 is signed out (%2); sign in again in the window: Settings → Accounts</source>
        <extracomment>CLI warning; %1 an account&apos;s handle, %2 why (e.g. no sign-in in the keychain).</extracomment>
        <translation>%1 はサインアウトしています（%2）。ウィンドウの 設定 → アカウント… でもう一度サインインしてください</translation>
    </message>
    <message>
        <source>could not sign in to %1 now; its posts wait in the outbox</source>
        <extracomment>CLI warning; %1 is an account&apos;s handle (@me@sora).</extracomment>
        <translation>%1 に今はサインインできませんでした。投稿は送信トレイで待機します</translation>
    </message>
    <message>
        <source>could not cancel target %1 on its server (%2); it is still scheduled there</source>
        <extracomment>CLI error of outbox --cancel; %1 the target&apos;s number, %2 why (in words).</extracomment>
        <translation>宛先 %1 の予約をサーバーで取り消せませんでした（%2）。サーバーには予約が残っています</translation>
    </message>
    <message>
        <source>target %1 cancelled</source>
        <extracomment>CLI, outbox --cancel done; %1 is the target&apos;s number (as outbox lists it).</extracomment>
        <translation>宛先 %1 の予約を取り消しました</translation>
    </message>
    <message>
        <source>no scheduled or unsent target %1</source>
        <extracomment>CLI error of outbox --cancel; %1 is the number of a target that was already sent.</extracomment>
        <translation>予約中または未送信の宛先 %1 はありません</translation>
    </message>
    <message>
        <source>nothing due</source>
        <extracomment>CLI, outbox --resume: no post was due to be sent.</extracomment>
        <translation>送信する投稿はありません</translation>
    </message>
    <message>
        <source>the outbox is empty</source>
        <extracomment>CLI, outbox: nothing is waiting, scheduled or failed.</extracomment>
        <translation>送信トレイは空です</translation>
    </message>
    <message>
        <source>no unsent target %1</source>
        <extracomment>CLI error of outbox --retry/--discard; %1 is the number of a target already sent.</extracomment>
        <translation>未送信の宛先 %1 はありません</translation>
    </message>
    <message>
        <source>target %1 is due now; send it with: outbox --resume</source>
        <extracomment>CLI, outbox --retry done; %1 is the target&apos;s number. Keep &quot;outbox --resume&quot; as is.</extracomment>
        <translation>宛先 %1 を今すぐ送信できるようにしました。送信するには: outbox --resume</translation>
    </message>
    <message>
        <source>target %1 is held by its server; cancel it with: outbox --cancel %1</source>
        <extracomment>CLI error of outbox --discard; %1 is the target&apos;s number (twice). Keep the command &quot;outbox --cancel %1&quot; as it is.</extracomment>
        <translation>宛先 %1 はサーバーで予約中です。取り消すには: outbox --cancel %1</translation>
    </message>
    <message>
        <source>target %1 discarded</source>
        <extracomment>CLI, outbox --discard done; %1 is the target&apos;s number (as outbox lists it).</extracomment>
        <translation>宛先 %1 を破棄しました</translation>
    </message>
    <message>
        <source>no sign-in in the keychain</source>
        <translation>キーチェーンにサインイン情報がありません</translation>
    </message>
    <message>
        <source>the keychain entry is unreadable</source>
        <translation>キーチェーンの項目を読み取れません</translation>
    </message>
    <message>
        <source>this version of Kizuna does not know its network</source>
        <translation>このバージョンの Kizuna が対応していないネットワークです</translation>
    </message>
    <message>
        <source>the keychain is unavailable or refused</source>
        <translation>キーチェーンを使えないか、拒否されました</translation>
    </message>
    <message>
        <source>a scheduled time needs a time zone</source>
        <translation>予約の日時にはタイムゾーンが必要です</translation>
    </message>
    <message>
        <source>the new time has already passed; choose a later one</source>
        <translation>新しい日時はもう過ぎています。これより後の日時を選んでください</translation>
    </message>
    <message>
        <source>no signed-in account serves the chosen audience</source>
        <translation>選んだ相手に届けられる、サインイン済みのアカウントがありません</translation>
    </message>
    <message>
        <source>chosen friends need the friends audience</source>
        <translation>友だちを選ぶには「友だち」宛てにしてください</translation>
    </message>
    <message>
        <source>the chosen friends belong to an account that is not signed in</source>
        <translation>選んだ友だちのアカウントがサインインしていません</translation>
    </message>
    <message>
        <source>an account of this audience cannot carry pictures</source>
        <translation>この宛先のアカウントは画像を送れません</translation>
    </message>
    <message>
        <source>an account of this audience cannot address a post to chosen friends</source>
        <translation>この宛先のアカウントは選んだ友だちだけに送ることができません</translation>
    </message>
    <message>
        <source>an account keeps no followers-only posts: a friends post goes there only addressed to chosen friends</source>
        <translation>フォロワー限定の投稿ができないアカウントです。友だち宛ての投稿は、選んだ友だち宛てにした場合だけ送られます</translation>
    </message>
    <message>
        <source>an account cannot post to this audience</source>
        <translation>この宛先に投稿できないアカウントがあります</translation>
    </message>
    <message>
        <source>signed out: sign in again</source>
        <translation>サインインが切れました。もう一度サインインしてください</translation>
    </message>
    <message>
        <source>rate limited by the server</source>
        <translation>サーバーの回数制限に達しました</translation>
    </message>
    <message>
        <source>this account cannot post to this audience</source>
        <translation>このアカウントはこの宛先に投稿できません</translation>
    </message>
    <message>
        <source>server error</source>
        <extracomment>Why a CLI send failed: the server answered with an error (HTTP 5xx).</extracomment>
        <translation>サーバーエラー</translation>
    </message>
    <message>
        <source>cannot reach the server</source>
        <translation>サーバーに接続できません</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>サーバーから時間内に応答がありませんでした</translation>
    </message>
    <message>
        <source>unexpected reply from the server</source>
        <translation>サーバーから予期しない応答がありました</translation>
    </message>
    <message>
        <source>refused by the server</source>
        <translation>サーバーに拒否されました</translation>
    </message>
    <message>
        <source>this network cannot do that</source>
        <translation>このネットワークではできません</translation>
    </message>
    <message>
        <source>account not signed in; it is sent once it is</source>
        <translation>アカウントがサインインしていません。サインインすると送信されます</translation>
    </message>
    <message>
        <source>may already be posted: check the timeline, then retry or discard</source>
        <translation>すでに投稿されているかもしれません。タイムラインを確認してから、再送するか破棄してください</translation>
    </message>
    <message>
        <source>an earlier try may still arrive; Kizuna checks before sending again</source>
        <translation>前回の送信がまだ届く可能性があります。Kizuna が確認してから送り直します</translation>
    </message>
    <message>
        <source>its scheduled time passed while Kizuna was closed: send it late or discard it</source>
        <translation>Kizuna を閉じている間に予約の日時が過ぎました。遅れて送るか破棄してください</translation>
    </message>
    <message>
        <source>the post cannot be sent as it is</source>
        <translation>この投稿はこのままでは送信できません</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>CLI: %1 a reason in words, %2 what it concerns (an account, the server&apos;s message).</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <extracomment>CLI, why a target is not sent when its stored reason is unknown to this version.</extracomment>
        <translation>まだ送信していません</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>CLI: %1 why a send failed (e.g. refused by the server), %2 the refusal in words.</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>sent</source>
        <extracomment>CLI outbox state: published, or handed to its server (送信済み).</extracomment>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>scheduled</source>
        <extracomment>CLI outbox state: waits for its time (予約中).</extracomment>
        <translation>予約中</translation>
    </message>
    <message>
        <source>waiting</source>
        <extracomment>CLI outbox state: a try failed; it is sent again later (再送待ち).</extracomment>
        <translation>再送待ち</translation>
    </message>
    <message>
        <source>queued</source>
        <extracomment>CLI outbox state: due, not tried yet (送信待ち).</extracomment>
        <translation>送信待ち</translation>
    </message>
    <message>
        <source>sending</source>
        <extracomment>CLI outbox state: being sent right now (送信中).</extracomment>
        <translation>送信中</translation>
    </message>
    <message>
        <source>failed</source>
        <extracomment>CLI outbox state: its server refused it; it is not sent again by itself.</extracomment>
        <translation>送信失敗</translation>
    </message>
    <message>
        <source>attention</source>
        <extracomment>CLI outbox state: the user must decide (retry or discard; 要確認).</extracomment>
        <translation>要確認</translation>
    </message>
    <message>
        <source>%1 (held by its server)</source>
        <extracomment>CLI outbox row; %1 is the time (2099-01-01 00:00:00 JST) its server posts it.</extracomment>
        <translation>%1（サーバーで予約中）</translation>
    </message>
    <message>
        <source>published by its server at %1</source>
        <extracomment>CLI outbox row; %1 is the time (… JST) its server published it.</extracomment>
        <translation>%1 にサーバーが公開しました</translation>
    </message>
    <message>
        <source>%1; next try %2</source>
        <extracomment>CLI outbox row; %1 why it waits, %2 the time (… JST) of the next try.</extracomment>
        <translation>%1。次の送信 %2</translation>
    </message>
    <message>
        <source>due now</source>
        <extracomment>CLI outbox row: its time has come; outbox --resume sends it.</extracomment>
        <translation>送信時刻になりました</translation>
    </message>
    <message>
        <source>[safety]</source>
        <extracomment>CLI outbox row, at its end: the row is a safety message (安否確認).</extracomment>
        <translation>[安否確認]</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>CLI, between two circles in a list (&quot;public, friends&quot;).</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <source>no circle yet</source>
        <extracomment>CLI safety summary: no circle (public, friends) has received it yet.</extracomment>
        <translation>まだどこにも届いていません</translation>
    </message>
    <message>
        <source>safety message reached: %1; not yet: %2 (kept in the outbox)</source>
        <extracomment>CLI safety summary; %1 the circles it reached, %2 those it has not reached yet.</extracomment>
        <translation>安否確認が届きました: %1。まだ届いていません: %2（送信トレイに残っています）</translation>
    </message>
    <message>
        <source>safety message reached: %1</source>
        <extracomment>CLI safety summary; %1 the circles (public, friends) the safety message reached.</extracomment>
        <translation>安否確認が届きました: %1</translation>
    </message>
    <message>
        <source>friends</source>
        <extracomment>CLI, the friends circle (an outbox row, the safety summary, the ledger&apos;s Circle).</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>public</source>
        <extracomment>CLI, the public circle (an outbox row, the safety summary, the ledger&apos;s Circle).</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>WHEN</source>
        <extracomment>CLI ledger column heading: when a greeting was sent (Japan time).</extracomment>
        <translation>日時</translation>
    </message>
    <message>
        <source>CIRCLE</source>
        <extracomment>CLI ledger column heading: the circle (public or friends) it went through.</extracomment>
        <translation>範囲</translation>
    </message>
    <message>
        <source>STATE</source>
        <extracomment>CLI ledger column heading: answered or not, greeted back or not.</extracomment>
        <translation>状態</translation>
    </message>
    <message>
        <source>TEXT</source>
        <extracomment>CLI ledger column heading: the greeting&apos;s text.</extracomment>
        <translation>本文</translation>
    </message>
    <message>
        <source>FROM</source>
        <extracomment>CLI ledger column heading: who sent you the greeting (差出人).</extracomment>
        <translation>差出人</translation>
    </message>
    <message>
        <source>answered</source>
        <extracomment>CLI ledger, State of a received greeting: you have answered it (返礼済み).</extracomment>
        <translation>返礼済み</translation>
    </message>
    <message>
        <source>not answered</source>
        <extracomment>CLI ledger, State of a received greeting: not answered yet (未返礼).</extracomment>
        <translation>未返礼</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <extracomment>CLI ledger, State of a greeting you sent: still waiting in the outbox (送信待ち).</extracomment>
        <translation>送信待ち</translation>
    </message>
    <message>
        <source>greeted back</source>
        <extracomment>CLI ledger, State of a greeting you sent: they greeted you too (返信あり).</extracomment>
        <translation>返信あり</translation>
    </message>
    <message>
        <source>not greeted back</source>
        <extracomment>CLI ledger, State of a greeting you sent: they have not greeted you (未返信).</extracomment>
        <translation>未返信</translation>
    </message>
    <message>
        <source>TO</source>
        <extracomment>CLI ledger column heading: whom you greeted (宛先).</extracomment>
        <translation>宛先</translation>
    </message>
    <message>
        <source>a friend</source>
        <extracomment>CLI ledger, To: a friend you greeted whose name is not known here.</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>everyone</source>
        <extracomment>CLI ledger, To of a greeting sent to no one in particular (a public post).</extracomment>
        <translation>みなさん</translation>
    </message>
    <message>
        <source>In mourning (喪中): answers are midwinter greetings (寒中見舞い)</source>
        <extracomment>CLI ledger heading, after the occasion: 喪中 (mourning) is set in Settings.</extracomment>
        <translation>喪中：返礼は寒中見舞いになります</translation>
    </message>
    <message>
        <source>Greetings you received</source>
        <translation>いただいた挨拶</translation>
    </message>
    <message>
        <source>Greetings you sent</source>
        <translation>送った挨拶</translation>
    </message>
    <message numerus="yes">
        <source>%n greeting(s) not answered yet</source>
        <extracomment>CLI ledger summary; %n greetings you received and have not answered (未返礼).</extracomment>
        <translation>
            <numerusform>未返礼 %n件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not greeted back yet</source>
        <extracomment>CLI ledger summary; %n greetings you sent that were not answered (未返信).</extracomment>
        <translation>
            <numerusform>未返信 %n件</numerusform>
        </translation>
    </message>
    <message>
        <source>no occasion %1 in %2</source>
        <extracomment>CLI error: %1 is the --occasion key the user gave (quoted), %2 the --year.</extracomment>
        <translation>%2年の行事に %1 はありません</translation>
    </message>
    <message>
        <source>could not sign in to %1 now</source>
        <extracomment>CLI warning; %1 is an account&apos;s handle (@me@sora).</extracomment>
        <translation>%1 に今はサインインできませんでした</translation>
    </message>
    <message>
        <source>Could not read %1; its greetings may be missing</source>
        <extracomment>CLI warning; %1 is an account&apos;s handle whose notifications could not be read.</extracomment>
        <translation>%1 を読み込めませんでした。挨拶が抜けている場合があります</translation>
    </message>
    <message numerus="yes">
        <source>%n greeting(s) answered</source>
        <extracomment>CLI, ledger --answer-all; %n greetings answered (返礼) just now.</extracomment>
        <translation>
            <numerusform>%n件の挨拶に返礼しました</numerusform>
        </translation>
    </message>
    <message>
        <source>the text does not fit: %1 of %2 characters</source>
        <extracomment>CLI error of `reply`; %1 characters the text has, %2 the network&apos;s limit.</extracomment>
        <translation>本文が長すぎます: %1 文字（上限 %2）</translation>
    </message>
    <message>
        <source>the text does not fit: %1 of %2 bytes</source>
        <extracomment>CLI error of `reply`; %1 bytes (UTF-8) the text takes, %2 the network&apos;s limit.</extracomment>
        <translation>本文が長すぎます: %1 バイト（上限 %2）</translation>
    </message>
    <message>
        <source>post not found: %1 (not among the recent posts of your accounts)</source>
        <extracomment>CLI error of `reply`; %1 is the post&apos;s link (or id) the user gave.</extracomment>
        <translation>投稿が見つかりません: %1（ご自分のアカウントの最近の投稿にはありません）</translation>
    </message>
</context>
<context>
    <name>CliHelp</name>
    <message>
        <source>show the version and exit</source>
        <translation>バージョンを表示して終了します</translation>
    </message>
    <message>
        <source>Kizuna (絆): the public timeline and your friends feed side by side.</source>
        <translation>絆 (Kizuna): 公開タイムラインと友だちフィードを並べて表示します。</translation>
    </message>
    <message>
        <source>profile folder (default: the app-data folder)</source>
        <translation>プロフィールのフォルダー（既定: アプリのデータフォルダー）</translation>
    </message>
    <message>
        <source>UI language: ja, en, pseudo or any translations/kizuna_CODE.ts (default: the system&apos;s)</source>
        <extracomment>Help of --lang. Keep the codes and the file name as they are.</extracomment>
        <translation>表示言語: ja、en、pseudo、または translations/kizuna_CODE.ts のいずれか（既定: システムの言語）</translation>
    </message>
    <message>
        <source>render the main window as soon as both columns show posts (from the timeline cache or the network), save a PNG, exit</source>
        <translation>両方の列に投稿が表示されたら（タイムラインのキャッシュまたはネットワークから）メインウィンドウを PNG に保存して終了します</translation>
    </message>
    <message>
        <source>window size for --screenshot, WIDTHxHEIGHT (default 1280x800)</source>
        <extracomment>Help of --size. Keep WIDTHxHEIGHT and 1280x800 as they are.</extracomment>
        <translation>--screenshot のウィンドウの大きさ、WIDTHxHEIGHT（既定 1280x800）</translation>
    </message>
    <message>
        <source>light or dark this time (&apos;system&apos; follows the platform); default: the choice saved in Settings → Appearance</source>
        <extracomment>Help of --color-scheme. Keep &apos;system&apos; as it is (it is typed as the option&apos;s value).</extracomment>
        <translation>今回だけライトまたはダーク（&apos;system&apos; はシステムに合わせます）。既定: 設定 → 外観 で保存した選択</translation>
    </message>
    <message>
        <source>use the local practice sandbox this time, even when accounts are set up</source>
        <translation>アカウントを設定済みでも、今回はローカルの練習用サンドボックスを使います</translation>
    </message>
    <message>
        <source>sandbox: no background posts from the demo community</source>
        <translation>サンドボックス: デモのコミュニティによる自動の投稿を止めます</translation>
    </message>
    <message>
        <source>usage: </source>
        <extracomment>argparse, help: the heading before the usage line (keep the space at its end).</extracomment>
        <translation>使い方: </translation>
    </message>
    <message>
        <source>positional arguments</source>
        <extracomment>argparse, help: the heading of the arguments without a dash (TEXT, POST_URL).</extracomment>
        <translation>位置引数</translation>
    </message>
    <message>
        <source>options</source>
        <extracomment>argparse, help: the heading of the --options.</extracomment>
        <translation>オプション</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <extracomment>argparse, help of -h/--help.</extracomment>
        <translation>このヘルプを表示して終了します</translation>
    </message>
    <message>
        <source>the following arguments are required: %1</source>
        <extracomment>argparse error; %1 the missing arguments (--to, TEXT). Keep them as they are.</extracomment>
        <translation>次の引数が必要です: %1</translation>
    </message>
    <message>
        <source>argument %1: invalid choice: %2 (choose from %3)</source>
        <extracomment>argparse error; %1 the argument (--to), %2 what was given, %3 the choices.</extracomment>
        <translation>引数 %1: %2 は選べません（選べるのは %3）</translation>
    </message>
    <message>
        <source>argument %1: not a number: %2</source>
        <extracomment>argparse error; %1 the argument (--retry), %2 what was given instead of a number.</extracomment>
        <translation>引数 %1: %2 は数値ではありません</translation>
    </message>
    <message>
        <source>argument %1: expected one argument</source>
        <extracomment>argparse error; %1 the option (--at) given without its value.</extracomment>
        <translation>引数 %1: 値を 1 つ指定してください</translation>
    </message>
    <message>
        <source>argument %1: not allowed with argument %2</source>
        <extracomment>argparse error; %1 and %2 two options that cannot be used together.</extracomment>
        <translation>引数 %1: 引数 %2 と同時には使えません</translation>
    </message>
    <message>
        <source>unrecognized arguments: %1</source>
        <extracomment>argparse error; %1 the words of the command line it does not know.</extracomment>
        <translation>不明な引数: %1</translation>
    </message>
    <message>
        <source>%1: error: %2</source>
        <extracomment>argparse error line; %1 the program (kizuna), %2 what is wrong.</extracomment>
        <translation>%1: エラー: %2</translation>
    </message>
    <message>
        <source>挨拶帳: who greeted you and whom you greeted</source>
        <translation>挨拶帳: いただいた挨拶と送った挨拶</translation>
    </message>
    <message>
        <source>The greeting ledger of one occasion and year: greetings received (未返礼: not answered yet) and sent (未返信: not greeted back).</source>
        <translation>ひとつの行事と年の挨拶帳です。いただいた挨拶（未返礼: まだ返礼していないもの）と送った挨拶（未返信: まだ挨拶が返ってきていないもの）を表示します。</translation>
    </message>
    <message>
        <source>e.g. shogatsu, oseibo, christmas</source>
        <extracomment>Help of ledger --occasion: examples of occasion keys. Keep the keys as they are.</extracomment>
        <translation>例: shogatsu、oseibo、christmas</translation>
    </message>
    <message>
        <source>the year the occasion starts</source>
        <translation>行事が始まる年</translation>
    </message>
    <message>
        <source>answer every unanswered greeting (返礼), each in its sender&apos;s audience</source>
        <translation>まだ返礼していない挨拶すべてに、それぞれ送り主と同じ範囲で返礼します</translation>
    </message>
    <message>
        <source>profile folder</source>
        <extracomment>Help of --profile (a subcommand&apos;s, as the app&apos;s own).</extracomment>
        <translation>プロフィールのフォルダー</translation>
    </message>
    <message>
        <source>use the local practice sandbox, even when accounts are set up</source>
        <translation>アカウントを設定済みでも、ローカルの練習用サンドボックスを使います</translation>
    </message>
    <message>
        <source>without one, the window opens</source>
        <extracomment>Help, under the heading &quot;commands&quot;: what happens without a command.</extracomment>
        <translation>指定しないとウィンドウが開きます</translation>
    </message>
    <message>
        <source>one is required</source>
        <extracomment>Help of kizuna-cli, under the heading &quot;commands&quot;: a command must be given.</extracomment>
        <translation>1 つ指定してください</translation>
    </message>
    <message>
        <source>commands</source>
        <extracomment>Help: the heading of the subcommands (post, outbox, safety…).</extracomment>
        <translation>コマンド</translation>
    </message>
    <message>
        <source>queue and send a post</source>
        <translation>投稿を送信トレイに入れて送信します</translation>
    </message>
    <message>
        <source>audience</source>
        <extracomment>Help of post --to (public, friends or both).</extracomment>
        <translation>宛先</translation>
    </message>
    <message>
        <source>send at this time (e.g. 2027-01-01T00:00; without an offset: Asia/Tokyo)</source>
        <extracomment>Help of post --at. Keep the example time as it is.</extracomment>
        <translation>この日時に送信します（例: 2027-01-01T00:00。時差の指定がなければ Asia/Tokyo）</translation>
    </message>
    <message>
        <source>what is waiting, scheduled, failed</source>
        <translation>送信待ち・予約中・送信失敗の投稿を表示します</translation>
    </message>
    <message>
        <source>send what is due now</source>
        <translation>送信時刻になった投稿を今すぐ送信します</translation>
    </message>
    <message>
        <source>send this target again</source>
        <translation>この宛先に再送します</translation>
    </message>
    <message>
        <source>forget this unsent target</source>
        <translation>この未送信の宛先を破棄します</translation>
    </message>
    <message>
        <source>cancel this scheduled post (also one its server holds)</source>
        <translation>この予約投稿を取り消します（サーバーで予約中のものも）</translation>
    </message>
    <message>
        <source>安否確認: tell both circles you are safe</source>
        <translation>安否確認: 公開と友だちの両方に無事を知らせます</translation>
    </message>
    <message>
        <source>instead of 「無事です」</source>
        <extracomment>Help of safety --message: the message that replaces the default 「無事です」.</extracomment>
        <translation>「無事です」の代わりのメッセージ</translation>
    </message>
    <message>
        <source>where you are</source>
        <extracomment>Help of safety --place: where you are now (a place, added to the message).</extracomment>
        <translation>いる場所</translation>
    </message>
    <message>
        <source>reply to a post (never wider than the post)</source>
        <translation>投稿に返信します（元の投稿より広い範囲には送りません）</translation>
    </message>
    <message>
        <source>Reply to the post at POST_URL through the account that shows it; a reply to a friends-only post stays friends-only.</source>
        <translation>POST_URL の投稿に、その投稿が見えているアカウントから返信します。友だち限定の投稿への返信は友だち限定のままです。</translation>
    </message>
    <message>
        <source>the post&apos;s link (or id)</source>
        <extracomment>Help of reply POST_URL: the link of the post to answer, or its id.</extracomment>
        <translation>投稿のリンク（または ID）</translation>
    </message>
    <message>
        <source>for translators: render every window, dialog, menu and card on the practice sandbox to PNG files</source>
        <translation>翻訳者向け: すべてのウィンドウ、ダイアログ、メニュー、カードを練習用サンドボックスで描画し、PNG ファイルに保存します</translation>
    </message>
    <message>
        <source>UI language: ja, en, pseudo or any translations/kizuna_CODE.ts</source>
        <translation>表示言語: ja、en、pseudo、または translations/kizuna_CODE.ts のいずれか</translation>
    </message>
    <message>
        <source>folder for the PNGs</source>
        <translation>PNG を保存するフォルダー</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>New post</source>
        <extracomment>Window title of the composer (新規投稿).</extracomment>
        <translation>新規投稿</translation>
    </message>
    <message>
        <source>Send to:</source>
        <extracomment>Composer, label of the two audience buttons.</extracomment>
        <translation>公開範囲：</translation>
    </message>
    <message>
        <source>Public</source>
        <extracomment>Composer audience button: the public timeline.</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>Friends</source>
        <extracomment>Composer audience button: the friends feed.</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>Everyone can read it</source>
        <translation>だれでも読めます</translation>
    </message>
    <message>
        <source>Only your friends can read it</source>
        <translation>友だちだけが読めます</translation>
    </message>
    <message>
        <source>Only your friends will see this</source>
        <translation>この投稿は友だちにだけ表示されます</translation>
    </message>
    <message>
        <source>Public post text</source>
        <translation>公開の投稿文</translation>
    </message>
    <message>
        <source>Friends post text</source>
        <translation>友だち向けの投稿文</translation>
    </message>
    <message>
        <source>Public (polite)</source>
        <extracomment>Title of the public text box: polite register (です・ます).</extracomment>
        <translation>公開（ていねい）</translation>
    </message>
    <message>
        <source>Friends (casual)</source>
        <extracomment>Title of the friends text box: casual register.</extracomment>
        <translation>友だち（カジュアル）</translation>
    </message>
    <message>
        <source>Same text for both</source>
        <translation>両方に同じ文を送る</translation>
    </message>
    <message>
        <source>Send one text to the public and to friends</source>
        <translation>公開と友だちに同じ文を送ります</translation>
    </message>
    <message>
        <source>Gift card</source>
        <extracomment>Composer group box: attach a gift card image (お年賀, クリスマス…) to the post.</extracomment>
        <translation>ギフトカード</translation>
    </message>
    <message>
        <source>When:</source>
        <extracomment>Composer, label of the choice between sending now and at a time.</extracomment>
        <translation>送信日時：</translation>
    </message>
    <message>
        <source>Send now</source>
        <extracomment>Composer, When: send at once.</extracomment>
        <translation>今すぐ送信</translation>
    </message>
    <message>
        <source>At</source>
        <extracomment>Composer, When: at the date and time that follows (予約).</extracomment>
        <translation>日時を指定</translation>
    </message>
    <message>
        <source>Send at (Japan time)</source>
        <translation>送信日時（日本時間）</translation>
    </message>
    <message>
        <source>Japan time</source>
        <extracomment>After the date and time field: the time is Japan&apos;s (Asia/Tokyo).</extracomment>
        <translation>日本時間</translation>
    </message>
    <message>
        <source>What would you like to share?</source>
        <translation>いまどうしてる？</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Composer button: close the window (the draft is kept).</extracomment>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Send</source>
        <extracomment>Composer button: send the post now to every account chosen.</extracomment>
        <translation>送信</translation>
    </message>
    <message>
        <source>⌘+Return</source>
        <extracomment>The send shortcut as shown on macOS (in the Send button&apos;s tooltip).</extracomment>
        <translation>⌘+Return</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <extracomment>The send shortcut as shown on Windows and Linux.</extracomment>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Send (%1)</source>
        <extracomment>Tooltip of the Send button; %1 is the keyboard shortcut (Ctrl+Enter).</extracomment>
        <translation>送信（%1）</translation>
    </message>
    <message>
        <source>No signed-in account can post to this audience.</source>
        <translation>この公開範囲に投稿できるアカウントでサインインしていません。</translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <extracomment>Composer counter under the editor, one per account: %1 the account&apos;s handle (@me@sora), %2 characters used, %3 the network&apos;s limit.</extracomment>
        <translation>%1：%2/%3</translation>
    </message>
    <message>
        <source>%1 characters left</source>
        <extracomment>Tooltip of an account&apos;s character counter; %1 is a number.</extracomment>
        <translation>あと %1 文字</translation>
    </message>
    <message>
        <source>A card for chosen friends goes to your friends: turn on Friends.</source>
        <translation>選んだ友だちへのカードは友だち向けに送ります。「友だち」をオンにしてください。</translation>
    </message>
    <message>
        <source>Tick at least one friend, or make it an open card.</source>
        <translation>友だちを一人以上選ぶか、みんなに見えるカードにしてください。</translation>
    </message>
    <message>
        <source>%1 has not begun on %2: this greeting would come too early.</source>
        <extracomment>Composer warning; %1 is the occasion&apos;s name, %2 the date the post would go out.</extracomment>
        <translation>%2はまだ%1より前です。この挨拶は早すぎます。</translation>
    </message>
    <message>
        <source>%1 is over on %2: people send %3 instead (choose it under Occasion).</source>
        <extracomment>Composer warning; %1 the occasion, %2 the sending date, %3 what people send instead.</extracomment>
        <translation>%2には%1の時期が過ぎています。代わりに%3を送るのが一般的です（「行事」から選べます）。</translation>
    </message>
    <message>
        <source>%1 is over on %2: this greeting would come late.</source>
        <extracomment>Composer warning; %1 is the occasion&apos;s name, %2 the date the post would go out.</extracomment>
        <translation>%2には%1の時期が過ぎています。この挨拶は遅れて届きます。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <extracomment>Composer button when a time is chosen under When: schedule the post.</extracomment>
        <translation>予約する</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <extracomment>Composer status; %1 is a programmer&apos;s error name (e.g. ValueError).</extracomment>
        <translation>予期しないエラーが発生しました（%1）</translation>
    </message>
    <message>
        <source>Sent to every target.</source>
        <translation>すべての送信先に送信しました。</translation>
    </message>
    <message>
        <source>Not everything was sent. Your text is kept: edit it or send again.</source>
        <translation>一部の送信先に送信できませんでした。本文は残してあります。修正するか、もう一度送信してください。</translation>
    </message>
    <message>
        <source>Retry</source>
        <extracomment>Button beside a failed account after sending: send to it again (再送).</extracomment>
        <translation>再送</translation>
    </message>
    <message>
        <source>Try again now</source>
        <translation>今すぐもう一度送る</translation>
    </message>
    <message>
        <source>Edit</source>
        <extracomment>Button beside a failed account: put the text back in the editor.</extracomment>
        <translation>編集</translation>
    </message>
    <message>
        <source>Put this text back in the editor</source>
        <translation>この文を編集欄に戻す</translation>
    </message>
    <message>
        <source>Discard</source>
        <extracomment>Button beside a failed account: do not send to it.</extracomment>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Do not send to this account</source>
        <translation>このアカウントには送らない</translation>
    </message>
    <message>
        <source>%1: discarded</source>
        <extracomment>Result line after sending; %1 is the account (e.g. Mastodon @me@sora).</extracomment>
        <translation>%1：破棄しました</translation>
    </message>
    <message>
        <source>%1: sending…</source>
        <extracomment>Result line; %1 is the account.</extracomment>
        <translation>%1：送信中…</translation>
    </message>
    <message>
        <source>%1: sent — %2</source>
        <extracomment>Result line; %1 is the account, %2 a link (“open”) to the post.</extracomment>
        <translation>%1：送信しました（%2）</translation>
    </message>
    <message>
        <source>%1: sent</source>
        <extracomment>Result line; %1 is the account.</extracomment>
        <translation>%1：送信しました</translation>
    </message>
    <message>
        <source>open</source>
        <extracomment>Link in “%1: sent — %2” that opens the post in the browser.</extracomment>
        <translation>投稿を開く</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <extracomment>Put in %2 of a waiting or failed line when no reason is known.</extracomment>
        <translation>原因不明</translation>
    </message>
    <message>
        <source>Too long for %1 (%2): %3 of %4 bytes. Shorten it to send.</source>
        <extracomment>Composer warning: %1 network (Bluesky…), %2 account, %3 bytes used, %4 the limit.</extracomment>
        <translation>%1（%2）には長すぎます：%3／%4バイト。短くすると送信できます。</translation>
    </message>
    <message>
        <source>Too long for %1 (%2): %3 of %4. Shorten it to send.</source>
        <extracomment>Composer warning: %1 network (Mastodon…), %2 account, %3 characters used, %4 the limit.</extracomment>
        <translation>%1（%2）には長すぎます：%3／%4。短くすると送信できます。</translation>
    </message>
    <message>
        <source>%1: waiting — %2, will retry</source>
        <extracomment>Result line; %1 the account, %2 why it waits (e.g. cannot reach the server).</extracomment>
        <translation>%1：待機中 — %2 あとで自動で再送します</translation>
    </message>
    <message>
        <source>%1: scheduled for %2 (Japan time)</source>
        <extracomment>Result line; %1 the account, %2 the date and time.</extracomment>
        <translation>%1：%2（日本時間）に予約済み</translation>
    </message>
    <message>
        <source>%1: failed — %2</source>
        <extracomment>Result line; %1 the account, %2 why it failed.</extracomment>
        <translation>%1：送信できませんでした（%2）</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Conversation</source>
        <extracomment>Window title of a post with the posts before it and its replies.</extracomment>
        <translation>会話</translation>
    </message>
    <message>
        <source>Loading the conversation…</source>
        <translation>会話を読み込んでいます…</translation>
    </message>
    <message>
        <source>Posts of the conversation</source>
        <translation>会話の投稿</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier post(s)</source>
        <extracomment>Conversation window status: how many posts came before the one opened.</extracomment>
        <translation>
            <numerusform>前の投稿 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repl(ies)</source>
        <extracomment>Conversation window status: how many replies the post opened has.</extracomment>
        <translation>
            <numerusform>返信 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <extracomment>Conversation window status; %1 is &quot;N earlier posts&quot;, %2 is &quot;N replies&quot;.</extracomment>
        <translation>%1・%2</translation>
    </message>
    <message>
        <source>No replies can be looked up on this server (no AppView).</source>
        <translation>このサーバーでは返信を探せません（AppView がありません）。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The scheduled time has no time zone.</source>
        <translation>予約時刻にタイムゾーンがありません。</translation>
    </message>
    <message>
        <source>The new time has already passed; choose a later one.</source>
        <translation>新しい時刻はすでに過ぎています。もっと後の時刻を選んでください。</translation>
    </message>
    <message>
        <source>No signed-in account serves the chosen audience.</source>
        <translation>選んだ公開範囲に使えるサインイン中のアカウントがありません。</translation>
    </message>
    <message>
        <source>A post to chosen friends needs the friends audience.</source>
        <translation>選んだ友だちへの投稿には「友だち」の公開範囲が必要です。</translation>
    </message>
    <message>
        <source>The chosen friends belong to an account that is not signed in.</source>
        <translation>選んだ友だちのアカウントはサインインしていません。</translation>
    </message>
    <message>
        <source>An account of this audience cannot carry pictures.</source>
        <translation>この公開範囲のアカウントは画像を送れません。</translation>
    </message>
    <message>
        <source>An account of this audience cannot address a post to chosen friends.</source>
        <translation>この公開範囲のアカウントは選んだ友だちだけに送ることができません。</translation>
    </message>
    <message>
        <source>An account&apos;s server keeps no followers-only posts: a friends post goes there only to chosen friends.</source>
        <translation>このアカウントのサーバーにはフォロワー限定投稿がありません。友だち向けの投稿は選んだ友だちにだけ送られます。</translation>
    </message>
    <message>
        <source>This network cannot limit a post to that audience, so nothing was sent.</source>
        <translation>このネットワークではその公開範囲に限定できないため、送信していません。</translation>
    </message>
    <message>
        <source>The account is not signed in right now; it will be sent once it is.</source>
        <translation>このアカウントは現在サインインしていません。サインインすると送信されます。</translation>
    </message>
    <message>
        <source>It may already have been sent; check the timeline before retrying.</source>
        <translation>すでに送信されている可能性があります。再送する前にタイムラインを確認してください。</translation>
    </message>
    <message>
        <source>An earlier try may still arrive; Kizuna checks before sending again.</source>
        <translation>前回の送信がまだ届く可能性があります。Kizuna が確認してから送り直します。</translation>
    </message>
    <message>
        <source>The scheduled time passed while Kizuna was closed.</source>
        <translation>Kizuna を閉じている間に予約時刻を過ぎました。</translation>
    </message>
    <message>
        <source>Signed out: the server no longer accepts this sign-in.</source>
        <translation>サインインが切れました。もう一度サインインしてください。</translation>
    </message>
    <message>
        <source>Rate limited by the server; try again shortly.</source>
        <translation>サーバーの回数制限に達しました。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The server had a problem.</source>
        <translation>サーバーで問題が発生しました。</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the network connection.</source>
        <translation>サーバーに接続できません。ネットワーク接続を確認してください。</translation>
    </message>
    <message>
        <source>The server took too long to answer.</source>
        <translation>サーバーの応答がありません（タイムアウト）。</translation>
    </message>
    <message>
        <source>The server sent a reply Kizuna could not read.</source>
        <translation>サーバーから読み取れない応答が返ってきました。</translation>
    </message>
    <message>
        <source>The server refused the post.</source>
        <translation>サーバーが投稿を受け付けませんでした。</translation>
    </message>
    <message>
        <source>This network cannot do that.</source>
        <translation>このネットワークではその操作はできません。</translation>
    </message>
    <message>
        <source>This post cannot be sent as it is.</source>
        <translation>この投稿はこのままでは送れません。</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <extracomment>%1 the kind of error, in English (for a bug report)</extracomment>
        <translation>予期しないエラーが発生しました（%1）</translation>
    </message>
    <message numerus="yes">
        <source>Rate limited by the server; try again in %n second(s).</source>
        <extracomment>%n seconds to wait</extracomment>
        <translation>
            <numerusform>サーバーの回数制限に達しました。%n 秒後にもう一度お試しください。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>Two sentences of an error, in this order in English: %1 what went wrong (e.g. &quot;The server refused it.&quot;), %2 why, from the server&apos;s reason (e.g. &quot;It is too long.&quot;).</extracomment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>まだ送信されていません。</translation>
    </message>
    <message>
        <source>The practice sandbox could not be started or reached.</source>
        <translation>練習用サンドボックスを起動できないか、接続できませんでした。</translation>
    </message>
    <message>
        <source>Your saved accounts could not be opened.</source>
        <translation>保存したアカウントを開けませんでした。</translation>
    </message>
</context>
<context>
    <name>GiftPicker</name>
    <message>
        <source>Gift card</source>
        <extracomment>title of the gift card box in the composer</extracomment>
        <translation>ギフトカード</translation>
    </message>
    <message>
        <source>Image description (alt text):</source>
        <translation>画像の説明（代替テキスト）：</translation>
    </message>
    <message>
        <source>Public card</source>
        <extracomment>tab: the card that goes to the public circle</extracomment>
        <translation>公開用カード</translation>
    </message>
    <message>
        <source>Friends card</source>
        <extracomment>tab: the card that goes to the friends circle</extracomment>
        <translation>友だち用カード</translation>
    </message>
    <message>
        <source>The open card everyone sees: no names of friends</source>
        <translation>だれでも見られるカード（友だちの名前は入りません）</translation>
    </message>
    <message>
        <source>The card your friends see, addressed to those you tick</source>
        <translation>友だちに届くカード（チェックした人あて）</translation>
    </message>
    <message>
        <source>Message on the card:</source>
        <translation>カードのメッセージ：</translation>
    </message>
    <message>
        <source>Message on the card</source>
        <translation>カードのメッセージ</translation>
    </message>
    <message>
        <source>The card and its message are in Japanese, as they are sent.</source>
        <comment>shown under the card&apos;s message in a UI that is not Japanese</comment>
        <translation>カードとメッセージは日本語のまま送られます。</translation>
    </message>
    <message>
        <source>From:</source>
        <extracomment>label before the sender&apos;s name signed on the card (差出人)</extracomment>
        <translation>差出人：</translation>
    </message>
    <message>
        <source>Your name</source>
        <extracomment>placeholder of the sender&apos;s name on the card</extracomment>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <source>Your name (From)</source>
        <translation>あなたの名前（差出人）</translation>
    </message>
    <message>
        <source>Signs the card and fills the greeting&apos;s sender line</source>
        <translation>カードの署名と、挨拶文の差出人の行に使います</translation>
    </message>
    <message>
        <source>Public card description</source>
        <translation>公開用カードの説明</translation>
    </message>
    <message>
        <source>Friends card description</source>
        <translation>友だち用カードの説明</translation>
    </message>
    <message>
        <source>Open card</source>
        <extracomment>choice for a card addressed to nobody: anyone may read it</extracomment>
        <translation>みんなに見えるカード</translation>
    </message>
    <message>
        <source>A card for everyone who reads it</source>
        <translation>読んだ人だれでも見られるカードです</translation>
    </message>
    <message>
        <source>For chosen friends</source>
        <translation>選んだ友だちに</translation>
    </message>
    <message>
        <source>Only the friends you tick can read it (friends audience)</source>
        <translation>チェックした友だちだけが見られます（友だち向け）</translation>
    </message>
    <message>
        <source>Friends to send the card to</source>
        <translation>カードを送る友だち</translation>
    </message>
    <message>
        <source>No gift card</source>
        <translation>ギフトカードなし</translation>
    </message>
    <message>
        <source>No account here can address friends.</source>
        <translation>友だちを宛先にできるアカウントがありません。</translation>
    </message>
    <message>
        <source>Loading friends…</source>
        <extracomment>shown while the list of friends to address the card to loads</extracomment>
        <translation>友だちを読み込み中…</translation>
    </message>
    <message>
        <source>Could not load your friends: %1</source>
        <extracomment>%1 why, a sentence chosen by the error&apos;s reason (e.g. &quot;The server did not answer in time.&quot;)</extracomment>
        <translation>友だちを読み込めませんでした：%1</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <extracomment>A friend in the gift card&apos;s address list: %1 the display name, %2 the handle (@rin@nakama).</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No friends to address yet.</source>
        <translation>宛先にできる友だちがまだいません。</translation>
    </message>
    <message>
        <source>The card&apos;s message is too long: at most %1 characters.</source>
        <extracomment>%1 the most characters a card message may have</extracomment>
        <translation>カードのメッセージが長すぎます（%1文字まで）。</translation>
    </message>
    <message>
        <source>Choose an occasion to see its gifts.</source>
        <translation>行事を選ぶと、ギフトが表示されます。</translation>
    </message>
    <message>
        <source>The message does not fit on this card: shorten it.</source>
        <translation>メッセージがカードに収まりません。短くしてください。</translation>
    </message>
</context>
<context>
    <name>Gifts</name>
    <message>
        <source>Chitose ame (thousand-year candy)</source>
        <extracomment>the name of a gift; in Japanese: 千歳飴</extracomment>
        <translation>千歳飴</translation>
    </message>
    <message>
        <source>Christmas cake</source>
        <extracomment>the name of a gift; in Japanese: クリスマスケーキ</extracomment>
        <translation>クリスマスケーキ</translation>
    </message>
    <message>
        <source>Christmas tree</source>
        <extracomment>the name of a gift; in Japanese: クリスマスツリー</extracomment>
        <translation>クリスマスツリー</translation>
    </message>
    <message>
        <source>Giri choco (courtesy chocolate)</source>
        <extracomment>the name of a gift; in Japanese: 義理チョコ</extracomment>
        <translation>義理チョコ</translation>
    </message>
    <message>
        <source>Hishi mochi</source>
        <extracomment>the name of a gift; in Japanese: 菱餅</extracomment>
        <translation>菱餅</translation>
    </message>
    <message>
        <source>Kadomatsu (New Year pine and bamboo)</source>
        <extracomment>the name of a gift; in Japanese: 門松</extracomment>
        <translation>門松</translation>
    </message>
    <message>
        <source>Kagami mochi</source>
        <extracomment>the name of a gift; in Japanese: 鏡餅</extracomment>
        <translation>鏡餅</translation>
    </message>
    <message>
        <source>Koinobori (carp streamers)</source>
        <extracomment>the name of a gift; in Japanese: 鯉のぼり</extracomment>
        <translation>鯉のぼり</translation>
    </message>
    <message>
        <source>Otoshidama envelope</source>
        <extracomment>the name of a gift; in Japanese: お年玉袋</extracomment>
        <translation>お年玉袋</translation>
    </message>
    <message>
        <source>Sakura mochi</source>
        <extracomment>the name of a gift; in Japanese: 桜餅</extracomment>
        <translation>桜餅</translation>
    </message>
    <message>
        <source>Tanzaku (Tanabata wishes)</source>
        <extracomment>the name of a gift; in Japanese: 短冊</extracomment>
        <translation>短冊</translation>
    </message>
    <message>
        <source>Tomo choco (chocolate for friends)</source>
        <extracomment>the name of a gift; in Japanese: 友チョコ</extracomment>
        <translation>友チョコ</translation>
    </message>
    <message>
        <source>Tsukimi dango (moon-viewing dumplings)</source>
        <extracomment>the name of a gift; in Japanese: 月見団子</extracomment>
        <translation>月見団子</translation>
    </message>
    <message>
        <source>White Day cookies</source>
        <extracomment>the name of a gift; in Japanese: ホワイトデーのクッキー</extracomment>
        <translation>ホワイトデーのクッキー</translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message>
        <source>Public</source>
        <extracomment>Ledger, column Circle: the greeting went to the public timeline.</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>Friends</source>
        <extracomment>Ledger, column Circle: the greeting went to the friends feed.</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>Greeting ledger</source>
        <extracomment>Window title of the greeting ledger (挨拶帳): who greeted you, whom you greeted.</extracomment>
        <translation>挨拶帳</translation>
    </message>
    <message>
        <source>Occasion:</source>
        <extracomment>Ledger, label of the chooser of occasion and year (e.g. 年賀状 2027).</extracomment>
        <translation>行事：</translation>
    </message>
    <message>
        <source>Occasion and year</source>
        <translation>行事と年</translation>
    </message>
    <message>
        <source>Check again</source>
        <extracomment>Ledger button: look for new greetings on the networks again.</extracomment>
        <translation>再確認</translation>
    </message>
    <message>
        <source>Look for new greetings in your notifications and friends feed</source>
        <translation>通知と友だちフィードから新しい挨拶を探します</translation>
    </message>
    <message>
        <source>Mourning (喪中)</source>
        <extracomment>Ledger check box: you are in mourning (喪中), so answers are 寒中見舞い.</extracomment>
        <translation>喪中</translation>
    </message>
    <message>
        <source>Answer with a midwinter greeting (寒中見舞い) instead</source>
        <translation>返礼を寒中見舞いにします</translation>
    </message>
    <message>
        <source>Greetings you received</source>
        <translation>いただいた挨拶</translation>
    </message>
    <message>
        <source>When (Japan time)</source>
        <translation>日時（日本時間）</translation>
    </message>
    <message>
        <source>From</source>
        <extracomment>Column header of greetings received: who sent the greeting.</extracomment>
        <translation>差出人</translation>
    </message>
    <message>
        <source>Circle</source>
        <extracomment>Column header: public timeline or friends feed.</extracomment>
        <translation>範囲</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>Column header: answered or not (未返礼) / greeted back or not (未返信).</extracomment>
        <translation>状態</translation>
    </message>
    <message>
        <source>Greeting</source>
        <extracomment>Column header: the greeting&apos;s text.</extracomment>
        <translation>挨拶</translation>
    </message>
    <message>
        <source>Greetings you sent</source>
        <translation>送った挨拶</translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>Column header of greetings sent: whom the greeting went to (宛先).</extracomment>
        <translation>宛先</translation>
    </message>
    <message>
        <source>Answer all (まとめて返礼)</source>
        <translation>まとめて返礼</translation>
    </message>
    <message>
        <source>Answer every unanswered greeting once, each in the circle it came from</source>
        <translation>まだ返礼していない挨拶すべてに、それぞれ届いた範囲で一度ずつ返礼します</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>Ledger button: close the window.</extracomment>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>Ledger, the occasion to show: %1 its name (お歳暮), %2 the year (2026).</extracomment>
        <translation>%1（%2年）</translation>
    </message>
    <message>
        <source>Not connected yet.</source>
        <translation>まだ接続していません。</translation>
    </message>
    <message>
        <source>Answered</source>
        <extracomment>Ledger, State of a received greeting: you have answered it.</extracomment>
        <translation>返礼済み</translation>
    </message>
    <message>
        <source>Not answered (未返礼)</source>
        <translation>未返礼</translation>
    </message>
    <message>
        <source>🎁 %1 card: %2</source>
        <extracomment>A received gift card in the ledger; %1 the gift&apos;s name, %2 the card&apos;s text.</extracomment>
        <translation>🎁 %1のカード：%2</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Ledger, between the people a greeting was sent to (To column).
----------
Ledger summary, between the handles of accounts that could not be read.</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <source>Everyone</source>
        <extracomment>Ledger, To of a greeting sent to no one in particular (a public post).</extracomment>
        <translation>みなさん</translation>
    </message>
    <message>
        <source>Waiting in the outbox</source>
        <translation>送信トレイで待機中</translation>
    </message>
    <message>
        <source>To everyone</source>
        <extracomment>Ledger, State of a sent greeting addressed to no one: no answer expected.</extracomment>
        <translation>全員へ</translation>
    </message>
    <message>
        <source>Greeted back</source>
        <extracomment>Ledger, State of a sent greeting the person has answered.</extracomment>
        <translation>返信あり</translation>
    </message>
    <message>
        <source>Not greeted back (未返信)</source>
        <translation>未返信</translation>
    </message>
    <message numerus="yes">
        <source>%n greeting(s) not answered yet</source>
        <extracomment>Ledger summary; %n is how many received greetings you have not answered.</extracomment>
        <translation>
            <numerusform>未返礼 %n件</numerusform>
        </translation>
    </message>
    <message>
        <source> · </source>
        <extracomment>Separator between the parts of the ledger summary line.</extracomment>
        <translation>・</translation>
    </message>
    <message numerus="yes">
        <source>%n not greeted back yet</source>
        <extracomment>Ledger summary; %n is how many people you greeted have not answered yet.</extracomment>
        <translation>
            <numerusform>未返信 %n件</numerusform>
        </translation>
    </message>
    <message>
        <source>In mourning: answers are midwinter greetings (寒中見舞い)</source>
        <translation>喪中：返礼は寒中見舞いになります</translation>
    </message>
    <message>
        <source>Could not read %1; its greetings may be missing</source>
        <extracomment>Ledger summary; %1 is the accounts (handles) whose greetings could not be read.</extracomment>
        <translation>%1 を読み込めませんでした。挨拶が抜けている場合があります</translation>
    </message>
    <message>
        <source>Looking for greetings…</source>
        <translation>挨拶を探しています…</translation>
    </message>
    <message>
        <source>• %1 (%2)</source>
        <extracomment>Before answering all: one line per answer, %1 to whom, %2 the circle (Public or Friends) it goes to.</extracomment>
        <translation>・%1（%2）</translation>
    </message>
    <message>
        <source>Answer all</source>
        <extracomment>Title of the question before answering every unanswered greeting (まとめて返礼).</extracomment>
        <translation>まとめて返礼</translation>
    </message>
    <message numerus="yes">
        <source>Send %n answer(s)?</source>
        <extracomment>The question; %n is how many answers would be sent.</extracomment>
        <translation>
            <numerusform>%n件の返礼を送信しますか？</numerusform>
        </translation>
    </message>
    <message>
        <source>Each goes to its sender alone, in the circle it came from:</source>
        <translation>それぞれ送り主だけに、届いたときと同じ範囲で送ります：</translation>
    </message>
    <message>
        <source>Send answers</source>
        <extracomment>The Yes button of that question.</extracomment>
        <translation>返礼を送信</translation>
    </message>
    <message>
        <source>Sending answers…</source>
        <extracomment>Ledger summary line while the answers are being sent.</extracomment>
        <translation>返礼を送信しています…</translation>
    </message>
    <message>
        <source>Greeting ledger…</source>
        <extracomment>Settings menu entry that opens the greeting ledger (挨拶帳…).</extracomment>
        <translation>挨拶帳…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Kizuna</source>
        <extracomment>The main window&apos;s title: the app&apos;s name (絆).</extracomment>
        <translation>絆 Kizuna</translation>
    </message>
    <message>
        <source>Not signed in yet: %1. Posts to it wait in the outbox.</source>
        <extracomment>Status bar; %1 is the handles of the accounts whose server has not let us in yet.</extracomment>
        <translation>まだサインインできていません：%1。このアカウントへの投稿は送信トレイで待ちます。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>Two sentences: %1 why opening failed, %2 how long Kizuna waited for an answer.</extracomment>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>Details are in the log; Try again opens it once more.</source>
        <translation>詳しくはログをご覧ください。「もう一度試す」で開き直せます。</translation>
    </message>
    <message>
        <source>Sandbox — a local practice network; nothing leaves this computer</source>
        <translation>サンドボックス — ローカルの練習用ネットワーク（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <source>Public timeline</source>
        <extracomment>Title of the left column: public posts (公開タイムライン).</extracomment>
        <translation>公開タイムライン</translation>
    </message>
    <message>
        <source>Friends feed</source>
        <extracomment>Title of the right column: posts of friends only.</extracomment>
        <translation>友だちフィード</translation>
    </message>
    <message>
        <source>Starting…</source>
        <extracomment>Status bar while the app starts and opens the accounts.</extracomment>
        <translation>起動中…</translation>
    </message>
    <message>
        <source>Signed in</source>
        <extracomment>Status bar for a few seconds once every account is signed in.</extracomment>
        <translation>サインインしました</translation>
    </message>
    <message>
        <source>No account serves the public side — add one in Settings → Accounts</source>
        <translation>公開側に使うアカウントがありません — 設定 → アカウント… で追加してください</translation>
    </message>
    <message>
        <source>No account serves the friends side — add one in Settings → Accounts</source>
        <translation>友だち側に使うアカウントがありません — 設定 → アカウント… で追加してください</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <extracomment>Top bar, left: shown while the accounts are being opened at start.</extracomment>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>もう一度サインイン…</translation>
    </message>
    <message>
        <source>Try again</source>
        <extracomment>Top bar button shown when opening the accounts failed: open them again.</extracomment>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <source>New post</source>
        <extracomment>Top bar button that opens the composer (新規投稿).</extracomment>
        <translation>新規投稿</translation>
    </message>
    <message>
        <source>Write a new post (Ctrl+N)</source>
        <translation>新しい投稿を書く (Ctrl+N)</translation>
    </message>
    <message>
        <source>Safety check</source>
        <extracomment>Top bar button (安否確認): tell both circles you are safe after a disaster.</extracomment>
        <translation>安否確認</translation>
    </message>
    <message>
        <source>Tell both circles you are safe (安否確認): one message to every account</source>
        <translation>無事を公開と友だちの両方に知らせます（すべてのアカウントへ一斉送信）</translation>
    </message>
    <message>
        <source>Outbox</source>
        <extracomment>Top bar button that opens the list of posts waiting to be sent.
----------
Top bar button that opens the outbox, when no post waits in it.</extracomment>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <source>Posts waiting, scheduled or failed</source>
        <translation>送信待ち・予約中・送信できなかった投稿</translation>
    </message>
    <message>
        <source>Mentions, replies, reactions, boosts and new followers</source>
        <translation>メンション、返信、リアクション、ブースト、新しいフォロワー</translation>
    </message>
    <message>
        <source>Settings</source>
        <extracomment>Top bar menu button holding accounts, sandbox, 喪中, language and appearance.</extracomment>
        <translation>設定</translation>
    </message>
    <message>
        <source>Desktop notifications for mentions and gifts</source>
        <translation>メンションとギフトをデスクトップに通知</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <extracomment>Settings menu entry that opens the accounts dialog (sign in, sign out).</extracomment>
        <translation>アカウント…</translation>
    </message>
    <message>
        <source>Use the practice sandbox</source>
        <translation>練習用サンドボックスを使う</translation>
    </message>
    <message>
        <source>Show the local practice networks instead of your accounts; nothing leaves this computer</source>
        <translation>自分のアカウントの代わりにローカルの練習用ネットワークを表示します（このパソコンの外には何も送信されません）</translation>
    </message>
    <message>
        <source>Mourning (喪中): hide celebrations</source>
        <translation>喪中（お祝いの文例を表示しない）</translation>
    </message>
    <message>
        <source>Language</source>
        <extracomment>Settings submenu listing the UI languages (設定 → 言語).</extracomment>
        <translation>言語</translation>
    </message>
    <message>
        <source>Appearance</source>
        <extracomment>Settings submenu: light or dark colours (設定 → 外観).</extracomment>
        <translation>外観</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <extracomment>Settings → Appearance entries: the colour scheme (Follow the system, Light, Dark).</extracomment>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source>Light</source>
        <extracomment>Settings → Appearance: light colours.</extracomment>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <extracomment>Settings → Appearance: dark colours.</extracomment>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>%1 now — write a greeting</source>
        <extracomment>Top bar hint on the day of an occasion; %1 is its name (e.g. Christmas).</extracomment>
        <translation>%1の期間です → 挨拶を書く</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>Top bar, in place of a handle: no account signed in for that circle.</extracomment>
        <translation>なし</translation>
    </message>
    <message>
        <source>Public: %1 · Friends: %2</source>
        <extracomment>Top bar: who posts to each circle; %1 the public account&apos;s handle, %2 the friends account&apos;s handle (either may be the word for &quot;none&quot;).</extracomment>
        <translation>公開：%1・友だち：%2</translation>
    </message>
    <message numerus="yes">
        <source>Outbox (%n)</source>
        <extracomment>Top bar button that opens the outbox; %n is how many posts wait in it.</extracomment>
        <translation>
            <numerusform>送信トレイ（%n）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Notifications (%n)</source>
        <extracomment>Top bar button that opens the notifications; %n is how many are unread.</extracomment>
        <translation>
            <numerusform>通知（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Notifications</source>
        <extracomment>Top bar button that opens the notifications, when none is unread.</extracomment>
        <translation>通知</translation>
    </message>
    <message numerus="yes">
        <source>Notifications, %n unread</source>
        <extracomment>Screen-reader name of the notifications button; %n is the unread count.</extracomment>
        <translation>
            <numerusform>通知、未読 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) signed out: %1</source>
        <extracomment>Top bar: accounts whose sign-in was lost; %n how many, %1 their handles.</extracomment>
        <translation>
            <numerusform>%n 件のアカウントがサインアウトしています：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved. Turn off Settings → Use the practice sandbox to use your accounts.</source>
        <translation>保存しました。自分のアカウントを使うには、設定 → 練習用サンドボックスを使う をオフにしてください。</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n day(s) — write a greeting</source>
        <extracomment>Top bar hint before an occasion; %1 is its name, %n the days until it.</extracomment>
        <translation>
            <numerusform>もうすぐ%1・あと%n日 → 挨拶を書く</numerusform>
        </translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>言語は次回の起動時に切り替わります。</translation>
    </message>
    <message>
        <source>Missed schedule</source>
        <extracomment>The shown session&apos;s sender: a :class:`~app.services.profile_problems.WriteProblem` when the profile refused its writes (once per problem), None when they work again. Title of the question at start about scheduled posts whose time passed.</extracomment>
        <translation>予約の送信時刻を過ぎています</translation>
    </message>
    <message numerus="yes">
        <source>%n scheduled post(s) should have gone out while Kizuna was closed. Send them now?</source>
        <extracomment>The question; %n is how many scheduled posts are late.</extracomment>
        <translation>
            <numerusform>Kizuna を閉じている間に送信予定だった投稿が %n 件あります。今すぐ送信しますか？</numerusform>
        </translation>
    </message>
    <message>
        <source>No keeps them in the outbox, where you can send or discard them.</source>
        <translation>「いいえ」を選ぶと送信トレイに残ります。あとから送信または破棄できます。</translation>
    </message>
    <message>
        <source>Scheduled; it waits in the outbox</source>
        <translation>予約しました。送信トレイで待機しています</translation>
    </message>
    <message>
        <source>Sent</source>
        <extracomment>Status bar after a post reached every account it was for (送信済み).</extracomment>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>System</source>
        <comment>設定 → 言語: use the computer&apos;s own language</comment>
        <translation>システムに合わせる</translation>
    </message>
    <message numerus="yes">
        <source>No answer came within %n second(s).</source>
        <extracomment>Added after why opening the accounts failed; %n is the seconds Kizuna waited.</extracomment>
        <translation>
            <numerusform>%n 秒以内に応答がありませんでした。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>Notices</source>
        <extracomment>Title of the list of problems found at start (a file skipped, a setting reset…).</extracomment>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>What Kizuna skipped</source>
        <translation>読み込まなかったもの</translation>
    </message>
    <message>
        <source>Files Kizuna skipped, and why</source>
        <translation>読み込まなかったファイルとその理由</translation>
    </message>
    <message numerus="yes">
        <source>Notices (%n)</source>
        <extracomment>Status bar button (⚠) opening that list; %n is how many notices there are.</extracomment>
        <translation>
            <numerusform>お知らせ（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <extracomment>Status bar button opening the notices: a warning sign before %1, the words &quot;Notices (3)&quot;.</extracomment>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>The saved setting %1 could not be read; its default is used until you change it.</source>
        <extracomment>A notice; %1 is the setting&apos;s key (e.g. ui/language).</extracomment>
        <translation>保存された設定 %1 を読み取れませんでした。変更するまでは既定値を使います。</translation>
    </message>
    <message>
        <source>The occasion file %1 is not valid and was left out; the other occasions are shown. Details are in the log.</source>
        <extracomment>A notice; %1 is the name of the occasion file (e.g. christmas.json).</extracomment>
        <translation>行事ファイル %1 は正しくないため読み込みませんでした。ほかの行事は表示されます。詳しくはログをご覧ください。</translation>
    </message>
    <message>
        <source>The account %1 uses a network this version of Kizuna does not know (%2); it was left out and kept as it is. Update Kizuna to use it.</source>
        <extracomment>A notice; %1 is the account&apos;s handle, %2 its network&apos;s name as saved.</extracomment>
        <translation>アカウント %1 は、このバージョンの Kizuna が対応していないネットワーク（%2）のものです。使わずにそのまま保存しています。使うには Kizuna を更新してください。</translation>
    </message>
    <message>
        <source>The translation file %1 could not be read and was skipped; untranslated words are shown in English. Details are in the log.</source>
        <extracomment>A notice; %1 is the name of the translation file (e.g. kizuna_ko.ts).</extracomment>
        <translation>翻訳ファイル %1 を読み込めなかったため、使いませんでした。翻訳のない言葉は英語で表示されます。詳しくはログをご覧ください。</translation>
    </message>
    <message>
        <source>The draft could not be saved. %1 Your text stays in the composer.</source>
        <extracomment>A notice: the draft could not be saved; %1 is why and what to do (one or more sentences about the profile folder). Japanese joins the sentences without a space.</extracomment>
        <translation>下書きを保存できませんでした。%1入力した文章は新規投稿の画面に残っています。</translation>
    </message>
    <message>
        <source>Close without the draft?</source>
        <extracomment>Title of the question asked when closing the window while the draft cannot be saved.</extracomment>
        <translation>下書きを保存せずに閉じますか？</translation>
    </message>
    <message>
        <source>The draft could not be saved. %1 If you close the window now, the text in the composer is lost.</source>
        <extracomment>Asked when closing the window while the draft cannot be saved; %1 is why and what to do (sentences about the profile folder). Japanese joins them without a space.</extracomment>
        <translation>下書きを保存できませんでした。%1今ウィンドウを閉じると、新規投稿の画面に入力した文章は失われます。</translation>
    </message>
    <message>
        <source>Keep the window open</source>
        <extracomment>Button of that question: do not close, keep the text.</extracomment>
        <translation>ウィンドウを閉じない</translation>
    </message>
    <message>
        <source>Close and lose the draft</source>
        <extracomment>Button of that question: close the window anyway, losing the unsaved text.</extracomment>
        <translation>下書きを破棄して閉じる</translation>
    </message>
    <message>
        <source>The outbox cannot be updated. %1 Waiting posts stay as they are and are sent once Kizuna can write again.</source>
        <extracomment>A notice: the outbox cannot record sends; %1 is why and what to do (one or more sentences about the profile folder). Japanese joins the sentences without a space.</extracomment>
        <translation>送信トレイを更新できません。%1送信待ちの投稿はそのまま残り、書き込めるようになりしだい送信されます。</translation>
    </message>
    <message>
        <source>The settings could not be saved. %1 Your change applies until Kizuna closes and is saved once Kizuna can write again.</source>
        <extracomment>A notice: a change made in the Settings menu (喪中, language, appearance…) could not be saved; %1 is why and what to do (one or more sentences about the profile folder). Japanese joins the sentences without a space.</extracomment>
        <translation>設定を保存できませんでした。%1変更した設定はKizunaを終了するまで有効で、書き込めるようになりしだい保存されます。</translation>
    </message>
    <message>
        <source>The settings are saved again.</source>
        <extracomment>Status bar, after settings changes could not be saved for a while.</extracomment>
        <translation>設定を再び保存できました。</translation>
    </message>
    <message>
        <source>The draft is saved again.</source>
        <extracomment>Status bar, after the draft could not be saved for a while.</extracomment>
        <translation>下書きを再び保存できました。</translation>
    </message>
    <message>
        <source>The outbox can be written again; waiting posts are sent.</source>
        <extracomment>Status bar, after the outbox could not be updated for a while.</extracomment>
        <translation>送信トレイに再び書き込めるようになりました。送信待ちの投稿を送信します。</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>%1 sent you a gift</source>
        <extracomment>Desktop notice title; %1 is the sender&apos;s display name.</extracomment>
        <translation>%1からギフトが届きました</translation>
    </message>
    <message>
        <source>A gift card for you: %1</source>
        <extracomment>Desktop notice text; %1 is the gift&apos;s name (e.g. 門松).</extracomment>
        <translation>あなたへのギフトカード：%1</translation>
    </message>
    <message>
        <source>Notifications are delayed: %1</source>
        <extracomment>Notifications panel status; %1 says why (e.g. the server is unreachable).</extracomment>
        <translation>通知が遅れています：%1</translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <extracomment>A notification; %1 is the person&apos;s display name.</extracomment>
        <translation>%1からメンションがありました</translation>
    </message>
    <message>
        <source>%1 replied to you</source>
        <extracomment>A notification; %1 is the person&apos;s display name.</extracomment>
        <translation>%1から返信がありました</translation>
    </message>
    <message>
        <source>%1 boosted your post</source>
        <extracomment>A notification (boost = repost); %1 is the person&apos;s display name.</extracomment>
        <translation>%1があなたの投稿をブーストしました</translation>
    </message>
    <message>
        <source>%1 followed you</source>
        <extracomment>A notification; %1 is the person&apos;s display name.</extracomment>
        <translation>%1にフォローされました</translation>
    </message>
    <message>
        <source>%1 reacted %2 to your post</source>
        <extracomment>A notification; %1 is the person&apos;s display name, %2 the emoji.</extracomment>
        <translation>%1があなたの投稿に%2でリアクションしました</translation>
    </message>
    <message>
        <source>%1 liked your post</source>
        <extracomment>A notification; %1 is the person&apos;s display name.</extracomment>
        <translation>%1があなたの投稿にいいねしました</translation>
    </message>
    <message>
        <source>Friends</source>
        <extracomment>Notification row tag [Friends]: it came in the friends circle.
----------
Notifications panel tab: only those of the friends circle.</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>Public</source>
        <extracomment>Notification row tag [Public]: it came in the public circle.
----------
Notifications panel tab: only those of the public circle.</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>[%1] %2 · %3</source>
        <extracomment>First line of a row in the notifications panel: %1 the circle (Public or Friends), %2 what happened (&quot;rin mentioned you&quot;), %3 how long ago (&quot;3 min. ago&quot;).</extracomment>
        <translation>【%1】%2（%3）</translation>
    </message>
    <message>
        <source>%1, %2, %3: %4</source>
        <extracomment>Screen reader text of a notification: %1 circle (Public/Friends), %2 what happened, %3 date and time, %4 the start of the post.</extracomment>
        <translation>%1、%2、%3：%4</translation>
    </message>
    <message>
        <source>Unread. %1</source>
        <extracomment>Said by a screen reader for a notification not seen yet; %1 is the rest of what it says (circle, what happened, when and the start of the post).</extracomment>
        <translation>未読。%1</translation>
    </message>
    <message>
        <source>Notifications</source>
        <extracomment>Window title of the notifications panel (mentions, replies, reactions…).
----------
Screen-reader name of the list of notifications.</extracomment>
        <translation>通知</translation>
    </message>
    <message>
        <source>Show notifications of</source>
        <translation>表示する通知</translation>
    </message>
    <message>
        <source>All</source>
        <extracomment>Notifications panel tab: the notifications of both circles.</extracomment>
        <translation>すべて</translation>
    </message>
    <message>
        <source>No notifications yet.</source>
        <translation>通知はまだありません。</translation>
    </message>
</context>
<context>
    <name>OccasionPicker</name>
    <message>
        <source>%1 · today</source>
        <extracomment>an occasion in the list; %1 its name: it is today</extracomment>
        <translation>%1・今日</translation>
    </message>
    <message>
        <source>%1 · now</source>
        <extracomment>an occasion in the list; %1 its name: its period is on now</extracomment>
        <translation>%1・期間中</translation>
    </message>
    <message>
        <source>%1 · over</source>
        <extracomment>an occasion in the list; %1 its name: its period is over</extracomment>
        <translation>%1・終了</translation>
    </message>
    <message>
        <source>%1 · tomorrow</source>
        <extracomment>an occasion in the list; %1 its name: it is tomorrow</extracomment>
        <translation>%1・明日</translation>
    </message>
    <message numerus="yes">
        <source>%1 · in %n day(s)</source>
        <extracomment>an occasion in the list; %1 its name, %n the days until it (2 or more)</extracomment>
        <translation>
            <numerusform>%1・あと%n日</numerusform>
        </translation>
    </message>
    <message>
        <source>Occasion:</source>
        <extracomment>label of the occasion list (New Year, Christmas…)</extracomment>
        <translation>行事：</translation>
    </message>
    <message>
        <source>Occasion</source>
        <extracomment>accessible name of the occasion list</extracomment>
        <translation>行事</translation>
    </message>
    <message>
        <source>Another template</source>
        <extracomment>button: fills in the next Japanese template text</extracomment>
        <translation>別の文例</translation>
    </message>
    <message>
        <source>Try the next greeting for this occasion</source>
        <translation>この行事の次の文例にする</translation>
    </message>
    <message>
        <source>The greetings are Japanese texts, sent in Japanese.</source>
        <comment>tooltip line in a UI that is not Japanese</comment>
        <translation>文例は日本語の文で、日本語のまま送られます。</translation>
    </message>
    <message>
        <source>No occasion</source>
        <extracomment>first entry of the occasion list: a plain post</extracomment>
        <translation>行事なし</translation>
    </message>
    <message>
        <source>Add hashtag:</source>
        <extracomment>label before the occasion&apos;s hashtags to add</extracomment>
        <translation>ハッシュタグを追加：</translation>
    </message>
    <message>
        <source>Add this hashtag on the last line</source>
        <translation>このハッシュタグを最後の行に追加</translation>
    </message>
</context>
<context>
    <name>Occasions</name>
    <message>
        <source>Children&apos;s Day</source>
        <extracomment>the name of an occasion; in Japanese: こどもの日</extracomment>
        <translation>こどもの日</translation>
    </message>
    <message>
        <source>Christmas</source>
        <extracomment>the name of an occasion; in Japanese: クリスマス</extracomment>
        <translation>クリスマス</translation>
    </message>
    <message>
        <source>Coming of Age Day</source>
        <extracomment>the name of an occasion; in Japanese: 成人の日</extracomment>
        <translation>成人の日</translation>
    </message>
    <message>
        <source>Doll Festival</source>
        <extracomment>the name of an occasion; in Japanese: ひな祭り</extracomment>
        <translation>ひな祭り</translation>
    </message>
    <message>
        <source>Father&apos;s Day</source>
        <extracomment>the name of an occasion; in Japanese: 父の日</extracomment>
        <translation>父の日</translation>
    </message>
    <message>
        <source>Halloween</source>
        <extracomment>the name of an occasion; in Japanese: ハロウィン</extracomment>
        <translation>ハロウィン</translation>
    </message>
    <message>
        <source>Harvest Moon</source>
        <extracomment>the name of an occasion; in Japanese: 十五夜</extracomment>
        <translation>十五夜</translation>
    </message>
    <message>
        <source>Late-summer greetings</source>
        <extracomment>the name of an occasion; in Japanese: 残暑見舞い</extracomment>
        <translation>残暑見舞い</translation>
    </message>
    <message>
        <source>Midsummer greetings</source>
        <extracomment>the name of an occasion; in Japanese: 暑中見舞い</extracomment>
        <translation>暑中見舞い</translation>
    </message>
    <message>
        <source>Midwinter greetings</source>
        <extracomment>the name of an occasion; in Japanese: 寒中見舞い</extracomment>
        <translation>寒中見舞い</translation>
    </message>
    <message>
        <source>Mother&apos;s Day</source>
        <extracomment>the name of an occasion; in Japanese: 母の日</extracomment>
        <translation>母の日</translation>
    </message>
    <message>
        <source>National holiday</source>
        <extracomment>the name of an occasion; in Japanese: 祝日</extracomment>
        <translation>祝日</translation>
    </message>
    <message>
        <source>New Year</source>
        <extracomment>the name of an occasion; in Japanese: 正月・年賀</extracomment>
        <translation>正月・年賀</translation>
    </message>
    <message>
        <source>New Year gift</source>
        <extracomment>the name of an occasion; in Japanese: お年賀</extracomment>
        <translation>お年賀</translation>
    </message>
    <message>
        <source>New Year&apos;s Eve</source>
        <extracomment>the name of an occasion; in Japanese: 大晦日</extracomment>
        <translation>大晦日</translation>
    </message>
    <message>
        <source>Obon</source>
        <extracomment>the name of an occasion; in Japanese: お盆</extracomment>
        <translation>お盆</translation>
    </message>
    <message>
        <source>Respect for the Aged Day</source>
        <extracomment>the name of an occasion; in Japanese: 敬老の日</extracomment>
        <translation>敬老の日</translation>
    </message>
    <message>
        <source>Setsubun</source>
        <extracomment>the name of an occasion; in Japanese: 節分</extracomment>
        <translation>節分</translation>
    </message>
    <message>
        <source>Shichi-Go-San</source>
        <extracomment>the name of an occasion; in Japanese: 七五三</extracomment>
        <translation>七五三</translation>
    </message>
    <message>
        <source>Tanabata</source>
        <extracomment>the name of an occasion; in Japanese: 七夕</extracomment>
        <translation>七夕</translation>
    </message>
    <message>
        <source>Valentine&apos;s Day</source>
        <extracomment>the name of an occasion; in Japanese: バレンタインデー</extracomment>
        <translation>バレンタインデー</translation>
    </message>
    <message>
        <source>White Day</source>
        <extracomment>the name of an occasion; in Japanese: ホワイトデー</extracomment>
        <translation>ホワイトデー</translation>
    </message>
    <message>
        <source>Year-end gift</source>
        <extracomment>the name of an occasion; in Japanese: お歳暮</extracomment>
        <translation>お歳暮</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>Waiting to send</source>
        <translation>送信待ち</translation>
    </message>
    <message>
        <source>Missed its time</source>
        <translation>予定時刻を過ぎました</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>再送待ち</translation>
    </message>
    <message>
        <source>Sending…</source>
        <extracomment>state of a post in the outbox: going out now</extracomment>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Sent</source>
        <extracomment>state of a post in the outbox: it has gone out</extracomment>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>Failed</source>
        <extracomment>state of a post in the outbox: it needs the user&apos;s decision</extracomment>
        <translation>送信できませんでした</translation>
    </message>
    <message>
        <source>Needs your decision</source>
        <translation>確認が必要です</translation>
    </message>
    <message>
        <source>Kept by %1: it is published at its time even while Kizuna is closed.</source>
        <extracomment>%1 the server that holds the scheduled post</extracomment>
        <translation>%1 が保管中：Kizuna を閉じていても予定時刻に公開されます。</translation>
    </message>
    <message>
        <source>Kept by Kizuna: sent at its time while Kizuna is running.</source>
        <translation>Kizuna が保管中：Kizuna の起動中に予定時刻に送信されます。</translation>
    </message>
    <message>
        <source>Outbox</source>
        <extracomment>window title (送信トレイ)</extracomment>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <source>Nothing is waiting: every post was sent.</source>
        <translation>送信待ちの投稿はありません。すべて送信済みです。</translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>column header: the account a post goes to</extracomment>
        <translation>送信先</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>column header: waiting, scheduled, failed…</extracomment>
        <translation>状態</translation>
    </message>
    <message>
        <source>When (Japan time)</source>
        <translation>日時（日本時間）</translation>
    </message>
    <message>
        <source>Reason</source>
        <extracomment>column header: why a post waits or failed</extracomment>
        <translation>理由</translation>
    </message>
    <message>
        <source>Text</source>
        <extracomment>column header: the post&apos;s text</extracomment>
        <translation>本文</translation>
    </message>
    <message>
        <source>Send now</source>
        <extracomment>button: sends the selected post now</extracomment>
        <translation>今すぐ送信</translation>
    </message>
    <message>
        <source>Send this post now instead of at its scheduled time</source>
        <translation>予約時刻を待たずに、この投稿を今すぐ送信します</translation>
    </message>
    <message>
        <source>New time (Japan time)</source>
        <translation>新しい日時（日本時間）</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <extracomment>button: moves the selected scheduled post to the time beside it</extracomment>
        <translation>予約を変更</translation>
    </message>
    <message>
        <source>Move this post to the time on the left (Japan time)</source>
        <translation>この投稿を左の日時（日本時間）に変更します</translation>
    </message>
    <message>
        <source>Japan time</source>
        <extracomment>after the date and time field: the time is in Japan time</extracomment>
        <translation>日本時間</translation>
    </message>
    <message>
        <source>Retry</source>
        <extracomment>button: sends the selected failed post again</extracomment>
        <translation>再送</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>Outbox &quot;To&quot; column: %1 the circle (Public or Friends), %2 the account&apos;s handle.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Cancel schedule</source>
        <extracomment>button: cancels the selected scheduled post (on its server too)</extracomment>
        <translation>予約を取り消す</translation>
    </message>
    <message>
        <source>Not signed in yet: try again in a moment.</source>
        <translation>まだサインインしていません。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>Could not cancel it on the server: %1 It is still scheduled there.</source>
        <extracomment>%1 why (a sentence)</extracomment>
        <translation>サーバーで取り消せませんでした：%1 サーバーには予約が残っています。</translation>
    </message>
    <message>
        <source>Cancelled: the server will not publish it.</source>
        <translation>取り消しました。サーバーはこの投稿を公開しません。</translation>
    </message>
    <message>
        <source>The server no longer holds it: published or cancelled elsewhere.</source>
        <translation>サーバーにこの予約はもうありません（公開済みか、別の場所で取り消されました）。</translation>
    </message>
    <message>
        <source>Choose a time that has not passed yet.</source>
        <translation>まだ過ぎていない日時を選んでください。</translation>
    </message>
    <message>
        <source>Could not change it on the server: %1 It is still scheduled there.</source>
        <extracomment>%1 why (a sentence)</extracomment>
        <translation>サーバーで変更できませんでした：%1 サーバーには元の予約が残っています。</translation>
    </message>
    <message>
        <source>Could not change it: %1</source>
        <extracomment>%1 why (a sentence)</extracomment>
        <translation>変更できませんでした：%1</translation>
    </message>
    <message>
        <source>It changed meanwhile (sent or being sent); nothing was done.</source>
        <translation>その間に状態が変わりました（送信済みまたは送信中）。何も変更していません。</translation>
    </message>
    <message>
        <source>Sending now.</source>
        <extracomment>status line after Send now</extracomment>
        <translation>今すぐ送信します。</translation>
    </message>
    <message>
        <source>Rescheduled for %1.</source>
        <extracomment>status line; %1 the new date and time</extracomment>
        <translation>%1 に予約を変更しました。</translation>
    </message>
    <message>
        <source>Discard</source>
        <extracomment>button: forgets the selected unsent post</extracomment>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Scheduled on the server</source>
        <extracomment>state of a post: its server holds it and publishes it at its time</extracomment>
        <translation>サーバーで予約中</translation>
    </message>
    <message>
        <source>Scheduled in Kizuna</source>
        <translation>Kizuna で予約中</translation>
    </message>
    <message>
        <source>Send everything due now</source>
        <translation>送信待ちの投稿を今すぐ送信</translation>
    </message>
    <message>
        <source>Public</source>
        <extracomment>the circle a post goes to: public</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>Friends</source>
        <extracomment>the circle a post goes to: friends</extracomment>
        <translation>友だち</translation>
    </message>
</context>
<context>
    <name>PostActions</name>
    <message>
        <source>Reply</source>
        <extracomment>Button on a post (hover): answer it.</extracomment>
        <translation>返信</translation>
    </message>
    <message>
        <source>Like</source>
        <extracomment>Button on a post: like it (お気に入り / いいね).</extracomment>
        <translation>いいね</translation>
    </message>
    <message>
        <source>Boost</source>
        <extracomment>Button on a post: boost (repost) it.</extracomment>
        <translation>ブースト</translation>
    </message>
    <message>
        <source>Open the conversation</source>
        <translation>会話を開く</translation>
    </message>
    <message>
        <source>Open in the browser</source>
        <translation>ブラウザで開く</translation>
    </message>
    <message>
        <source>Copy the link</source>
        <translation>リンクをコピー</translation>
    </message>
    <message>
        <source>Send a return gift</source>
        <translation>お返しを送る</translation>
    </message>
    <message>
        <source>Post actions</source>
        <extracomment>Screen-reader name of a post&apos;s menu of actions.</extracomment>
        <translation>投稿の操作</translation>
    </message>
    <message>
        <source>React with</source>
        <extracomment>Post menu: submenu of emoji reactions.</extracomment>
        <translation>リアクション</translation>
    </message>
    <message>
        <source>Liked.</source>
        <extracomment>Said and shown after liking a post.</extracomment>
        <translation>いいねしました。</translation>
    </message>
    <message>
        <source>Boosted.</source>
        <extracomment>Said and shown after boosting a post.</extracomment>
        <translation>ブーストしました。</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <extracomment>Said and shown after copying a post&apos;s link.</extracomment>
        <translation>リンクをコピーしました。</translation>
    </message>
    <message>
        <source>A gift for you</source>
        <extracomment>A red ribbon on a timeline post that is a gift card addressed to the user.</extracomment>
        <translation>あなたへのギフト</translation>
    </message>
</context>
<context>
    <name>PostDelegate</name>
    <message>
        <source>Friends only</source>
        <extracomment>Tooltip of the lock on a post shared with friends only.</extracomment>
        <translation>友だち限定</translation>
    </message>
    <message>
        <source>No description (alt text) for this image</source>
        <translation>この画像には説明（代替テキスト）がありません</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>The profile %1 is a file, not a folder. Move the file away, or start Kizuna with --profile and another folder.</source>
        <extracomment>Profile problem at start; %1 is the profile&apos;s path.</extracomment>
        <translation>プロフィール %1 はフォルダーではなくファイルです。そのファイルを移動するか、--profile で別のフォルダーを指定して Kizuna を起動してください。</translation>
    </message>
    <message>
        <source>The profile folder %1 cannot be created. Check the path and your permissions.</source>
        <extracomment>Profile problem at start; %1 is the profile folder&apos;s path.</extracomment>
        <translation>プロフィールのフォルダー %1 を作成できません。パスと権限を確認してください。</translation>
    </message>
    <message>
        <source>The profile %1 cannot be written: it is read-only. Make it writable; nothing was changed.</source>
        <extracomment>Profile problem at start; %1 is the profile folder&apos;s path.</extracomment>
        <translation>プロフィール %1 は読み取り専用のため書き込めません。書き込めるようにしてください。何も変更していません。</translation>
    </message>
    <message>
        <source>The disk holding %1 is full. Free some space; nothing was half-written.</source>
        <extracomment>Profile problem at start; %1 is the profile folder&apos;s path.</extracomment>
        <translation>%1 のあるディスクがいっぱいです。空き容量を作ってください。書きかけのまま残ったものはありません。</translation>
    </message>
    <message>
        <source>The profile database %1 is in use by another program%2. Close it, then try again.</source>
        <extracomment>Profile problem; %1 the database&apos;s path, %2 empty or &apos; (the programs holding it)&apos;.</extracomment>
        <translation>プロフィールのデータベース %1 は別のプログラム%2が使用中です。そのプログラムを終了してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The profile %1 was written by a newer version of Kizuna. Update Kizuna; this version leaves it unchanged.</source>
        <extracomment>Profile problem at start; %1 is the profile folder&apos;s path.</extracomment>
        <translation>プロフィール %1 は新しいバージョンの Kizuna で保存されています。Kizuna を更新してください。このバージョンでは変更しません。</translation>
    </message>
    <message>
        <source>The profile database %1 is damaged and could not be read.</source>
        <extracomment>Profile problem at start; %1 is the database file&apos;s path.</extracomment>
        <translation>プロフィールのデータベース %1 が壊れていて、読み取れませんでした。</translation>
    </message>
    <message>
        <source>Kizuna cannot open your profile</source>
        <translation>プロフィールを開けません</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>問題の内容</translation>
    </message>
    <message>
        <source>Try again</source>
        <extracomment>Profile problem dialog button: check the profile again and start if it is usable.</extracomment>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>フォルダーを開く</translation>
    </message>
    <message>
        <source>Quit</source>
        <extracomment>Profile problem dialog button: quit Kizuna.</extracomment>
        <translation>終了</translation>
    </message>
    <message>
        <source>Your profile database was damaged. Kizuna set it aside and recovered what could still be read:</source>
        <translation>プロフィールのデータベースが壊れていました。壊れたファイルは別に残し、読み取れた内容を復元しました:</translation>
    </message>
    <message numerus="yes">
        <source>Unsent posts recovered: %n</source>
        <extracomment>A line of the recovery report; %n is how many unsent posts came back.</extracomment>
        <translation>
            <numerusform>復元した未送信の投稿: %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Drafts recovered: %n</source>
        <extracomment>A line of the recovery report; %n is how many drafts came back.</extracomment>
        <translation>
            <numerusform>復元した下書き: %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) came back from the backup. They may have been sent already: check in the Outbox, then retry or discard them.</source>
        <extracomment>Recovery report; %n is how many unsent posts the backup restored.</extracomment>
        <translation>
            <numerusform>%n 件の投稿をバックアップから戻しました。すでに送信済みの可能性があります。送信トレイで確認してから、再送するか破棄してください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged part(s) of the file could not be read; what was there is lost.</source>
        <extracomment>Recovery report; %n is how many damaged parts of the database were lost.</extracomment>
        <translation>
            <numerusform>ファイルの壊れた箇所 %n か所は読み取れませんでした。そこにあった内容は失われました。</numerusform>
        </translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <extracomment>Recovery report; %1 is the path the damaged file was moved to.</extracomment>
        <translation>壊れたファイルは %1 として残してあります。</translation>
    </message>
    <message>
        <source>Your profile was recovered</source>
        <translation>プロフィールを復元しました</translation>
    </message>
    <message>
        <source>What was recovered</source>
        <translation>復元した内容</translation>
    </message>
</context>
<context>
    <name>ReplyComposer</name>
    <message>
        <source>Public — like the post you answer</source>
        <translation>公開 — 返信先の投稿と同じです</translation>
    </message>
    <message numerus="yes">
        <source>Only the %n person(s) the post was for — locked</source>
        <extracomment>Reply window, audience: %n is how many people the friends-only post was addressed to.</extracomment>
        <translation>
            <numerusform>返信先の投稿の宛先 %n 人だけ — 変更できません</numerusform>
        </translation>
    </message>
    <message>
        <source>Friends only — like the post you answer (locked)</source>
        <translation>友だちのみ — 返信先の投稿と同じです（変更できません）</translation>
    </message>
    <message>
        <source>Reply</source>
        <extracomment>Window title of the reply composer.</extracomment>
        <translation>返信</translation>
    </message>
    <message>
        <source>%1 %2
%3</source>
        <extracomment>Reply window, above the editor: the post being answered; %1 its author&apos;s name, %2 the author&apos;s handle (@rin@nakama), %3 the start of the post&apos;s text.</extracomment>
        <translation>%1（%2）\n%3</translation>
    </message>
    <message>
        <source>In reply to %1</source>
        <extracomment>Screen-reader name of the post being answered; %1 is its author&apos;s name.</extracomment>
        <translation>%1 さんへの返信</translation>
    </message>
    <message>
        <source>🔒 %1</source>
        <extracomment>Reply window: who will read the reply (fixed, hence the lock); %1 says who (public, friends only, or the people the post was for).</extracomment>
        <translation>🔒 %1</translation>
    </message>
    <message>
        <source>Audience: %1</source>
        <extracomment>Screen-reader name of the reply&apos;s audience (who will read it); %1 says who.</extracomment>
        <translation>公開範囲：%1</translation>
    </message>
    <message>
        <source>Reply text</source>
        <extracomment>Screen-reader name of the reply&apos;s text box.</extracomment>
        <translation>返信の本文</translation>
    </message>
    <message>
        <source>Send</source>
        <extracomment>Reply window button: send the reply.</extracomment>
        <translation>送信</translation>
    </message>
    <message>
        <source>Send the reply</source>
        <translation>返信を送信</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>Reply window counter: %1 characters used, %2 the network&apos;s limit.</extracomment>
        <translation>%1 / %2 文字</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <extracomment>Screen-reader name of the reply&apos;s counter; %1 characters used, %2 the limit.</extracomment>
        <translation>%2 文字中 %1 文字</translation>
    </message>
    <message>
        <source>The reply is too long for this network.</source>
        <translation>このネットワークには返信が長すぎます。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <extracomment>Reply window status while the reply is being sent.</extracomment>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Not sent yet; it waits in the outbox. %1</source>
        <extracomment>Reply window status when the reply could not be sent at once; %1 is why, in words (a sentence from the network&apos;s error).</extracomment>
        <translation>まだ送信されていません。送信トレイで待機しています。%1</translation>
    </message>
    <message>
        <source>Not sent yet; it waits in the outbox.</source>
        <translation>まだ送信されていません。送信トレイで待機しています。</translation>
    </message>
    <message>
        <source>Sent.</source>
        <extracomment>Reply window status once the reply is on the server.</extracomment>
        <translation>送信しました。</translation>
    </message>
</context>
<context>
    <name>SafetyDialog</name>
    <message>
        <source>Safety check</source>
        <extracomment>window title (安否確認)</extracomment>
        <translation>安否確認</translation>
    </message>
    <message>
        <source>Tell the public and your friends that you are safe. It goes to every account at once, before anything else waiting, and waits for the network if it is down.</source>
        <translation>公開と友だちの両方に、無事であることを知らせます。すべてのアカウントへ一斉に、ほかの送信待ちより先に送ります。ネットワークがつながらないときは、つながるまで待って送ります。</translation>
    </message>
    <message>
        <source>I am safe.</source>
        <translation>無事です。</translation>
    </message>
    <message>
        <source>e.g. at home, at work</source>
        <translation>例：自宅、職場</translation>
    </message>
    <message>
        <source>Message (optional):</source>
        <extracomment>label of the safety message field</extracomment>
        <translation>メッセージ（省略可）：</translation>
    </message>
    <message>
        <source>Where you are (optional):</source>
        <translation>いる場所（省略可）：</translation>
    </message>
    <message>
        <source>To the public (polite):</source>
        <translation>公開向け（ていねい）：</translation>
    </message>
    <message>
        <source>To friends (casual):</source>
        <translation>友だち向け（くだけた）：</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>button: closes the safety check window</extracomment>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Send safety message</source>
        <translation>安否を知らせる</translation>
    </message>
    <message>
        <source>Sending…</source>
        <extracomment>status line while the safety message goes out</extracomment>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Public</source>
        <extracomment>a circle&apos;s row in the results: public</extracomment>
        <translation>公開</translation>
    </message>
    <message>
        <source>Friends</source>
        <extracomment>a circle&apos;s row in the results: friends</extracomment>
        <translation>友だち</translation>
    </message>
    <message>
        <source>%1: no signed-in account</source>
        <extracomment>%1 a circle (Public or Friends)</extracomment>
        <translation>%1：サインイン中のアカウントがありません</translation>
    </message>
    <message>
        <source>%1 %2: reached ✓</source>
        <extracomment>Safety check result line, the message got there: %1 a circle (Public or Friends), %2 the account&apos;s handle (@me@sora).</extracomment>
        <translation>%1（%2）：届きました ✓</translation>
    </message>
    <message>
        <source>%1 %2: not yet — %3</source>
        <extracomment>Safety check result line, not there yet: %1 a circle (Public or Friends), %2 the account&apos;s handle (@me@sora), %3 why (a sentence).</extracomment>
        <translation>%1（%2）：まだ届いていません — %3</translation>
    </message>
    <message>
        <source>sending…</source>
        <extracomment>the reason in &quot;%1 %2: not yet — %3&quot; while no error is known: still going out</extracomment>
        <translation>送信中…</translation>
    </message>
</context>
<context>
    <name>TimelineColumn</name>
    <message>
        <source>Live</source>
        <extracomment>Column header status: new posts arrive as they are written (streaming).</extracomment>
        <translation>ライブ</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <extracomment>Column header status: opening the live connection to the server.</extracomment>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <extracomment>Column header status: the live connection dropped and is being opened again.</extracomment>
        <translation>再接続中…</translation>
    </message>
    <message>
        <source>Offline</source>
        <extracomment>Column header status: the server cannot be reached.</extracomment>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <extracomment>The × button that hides a column&apos;s error message.</extracomment>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Loading older posts…</source>
        <translation>以前の投稿を読み込み中…</translation>
    </message>
    <message>
        <source>Offline — showing saved posts</source>
        <translation>オフライン — 保存済みの投稿を表示中</translation>
    </message>
    <message>
        <source>Live status: %1</source>
        <extracomment>Screen-reader name of a column&apos;s status; %1 is Live, Connecting…, Offline….</extracomment>
        <translation>接続状態：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n new post(s)</source>
        <extracomment>Button above a column (↑ …) when posts arrived above those in view; %n how many.</extracomment>
        <translation>
            <numerusform>新しい投稿 %n件</numerusform>
        </translation>
    </message>
    <message>
        <source>Jump to the newest posts</source>
        <translation>最新の投稿へ移動</translation>
    </message>
    <message>
        <source>↑ %1</source>
        <extracomment>Button above a column when posts arrived above those in view: an arrow up before %1, the words &quot;3 new posts&quot;.</extracomment>
        <translation>↑ %1</translation>
    </message>
    <message>
        <source>No posts yet</source>
        <translation>まだ投稿はありません</translation>
    </message>
    <message>
        <source>Offline — no posts to show</source>
        <translation>オフラインのため、表示できる投稿がありません</translation>
    </message>
    <message>
        <source>Loading posts…</source>
        <extracomment>A column&apos;s placeholder while its first posts load.</extracomment>
        <translation>投稿を読み込み中…</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>%1 (%2), %3: %4</source>
        <extracomment>Screen-reader text of a post: %1 author&apos;s name, %2 handle, %3 date and time, %4 text.</extracomment>
        <translation>%1（%2）、%3：%4</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n image(s).</source>
        <extracomment>Screen reader: %1 what it said of a post (author, time, text), then a sentence saying how many images (%n) the post has.</extracomment>
        <translation>
            <numerusform>%1 画像 %n 枚。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 Friends only.</source>
        <extracomment>Screen reader: %1 what it said of a post (author, time, text…), then a sentence saying it was shared with friends only.</extracomment>
        <translation>%1 友だち限定。</translation>
    </message>
    <message>
        <source>Loading missing posts…</source>
        <translation>抜けている投稿を読み込み中…</translation>
    </message>
    <message>
        <source>Posts missing here — click to load them</source>
        <translation>ここに読み込まれていない投稿があります — クリックで読み込みます</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <extracomment>Tooltip of a post in a timeline: %1 its author&apos;s handle, %2 its date and time.</extracomment>
        <translation>%1・%2</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Nothing waits to be sent</source>
        <translation>送信待ちはありません</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) waiting, the next at %1</source>
        <extracomment>Tray tooltip and quit question; %n posts in the outbox, %1 date and time of the next.</extracomment>
        <translation>
            <numerusform>送信待ち %n 件・次は %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Kizuna</source>
        <extracomment>The app&apos;s name, first line of the tray icon&apos;s tooltip.
----------
The app&apos;s name, the tray icon&apos;s tooltip.</extracomment>
        <translation>絆 Kizuna</translation>
    </message>
    <message>
        <source>Kizuna keeps running</source>
        <translation>絆は動き続けています</translation>
    </message>
    <message>
        <source>Scheduled posts are sent at their time while Kizuna is in the menu bar. To quit, choose Quit Kizuna from its menu.</source>
        <translation>絆がメニューバーにある間、予約した投稿はその時刻に送信されます。終了するには、メニューから「絆を終了」を選んでください。</translation>
    </message>
    <message>
        <source>Scheduled posts are sent at their time while Kizuna is in the system tray. To quit, choose Quit Kizuna from its menu.</source>
        <translation>絆がシステムトレイにある間、予約した投稿はその時刻に送信されます。終了するには、メニューから「絆を終了」を選んでください。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <extracomment>Status bar, in place of a desktop notification where the system shows none: %1 the notification&apos;s title, %2 its text.</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Quit Kizuna?</source>
        <extracomment>Title of the question when closing Kizuna while posts wait to be sent.</extracomment>
        <translation>絆を終了しますか？</translation>
    </message>
    <message>
        <source>%1. They are sent only while Kizuna is running: after quitting, they wait until it starts again.</source>
        <extracomment>%1 is the sentence &quot;N posts waiting, the next at &lt;date and time&gt;&quot;.</extracomment>
        <translation>%1。送信は絆の起動中にだけ行われます。終了すると、次に起動するまで送信されません。</translation>
    </message>
    <message>
        <source>Quit</source>
        <extracomment>Button of that question: quit now (the waiting posts stay in the outbox).</extracomment>
        <translation>終了</translation>
    </message>
    <message>
        <source>Keep running minimized</source>
        <translation>最小化して動かし続ける</translation>
    </message>
    <message>
        <source>Nothing waits</source>
        <extracomment>Tray menu, first line (information): no post waits to be sent.</extracomment>
        <translation>送信待ちはありません</translation>
    </message>
    <message>
        <source>Show Kizuna</source>
        <extracomment>Tray menu entry: bring the main window back.</extracomment>
        <translation>絆を表示</translation>
    </message>
    <message>
        <source>Quit Kizuna</source>
        <extracomment>Tray menu entry: close Kizuna.</extracomment>
        <translation>絆を終了</translation>
    </message>
</context>
</TS>
