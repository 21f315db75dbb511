; Inno Setup 6.3+ script: the Windows installer of Kizuna.
;
; Installs the one-folder build (dist\Kizuna, made by `python packaging\build.py`) for
; the current user without administrator rights, adds a Start-menu shortcut (and, if
; chosen, a desktop one) and an uninstaller listed in Settings > Apps. The installer
; speaks Japanese or English, picked from the Windows display language.
;
; Normally run by `python packaging\build.py --installer`, which passes the defines
; below; by hand, from the checkout, with the version in pyproject.toml:
;   iscc /DAppVersion=0.1.0 packaging\windows\kizuna.iss
; Without AppVersion the script refuses to build, rather than make a Kizuna-0.0.0 setup
; that installs an unknown version. The publisher comes from packaging\identity.ini.
;
; Signing: with /DSignTool=NAME (and the sign tool NAME defined, by /SNAME=COMMAND on
; the iscc command line or in the Inno Setup IDE) the installer and its uninstaller are
; signed; build.py does this when KIZUNA_SIGNTOOL is set (packaging/README.md "Signing").
;
; The user's profile (posts waiting in the outbox, drafts, settings) lives in the
; app-data folder, not in {app}: uninstalling never deletes what the user wrote.
;
; The build folder holds two programs sharing one _internal: Kizuna.exe (the windowed
; app, with the shortcuts) and kizuna-cli.exe, the console program for the command line
; (`kizuna-cli post|outbox|safety`, `--version`). Both are installed into {app}; the
; console one gets no shortcut: it is run from a terminal by its full path.

#ifndef AppVersion
  #error AppVersion is not defined: run python packaging\build.py --installer, or iscc /DAppVersion=<version in pyproject.toml>
#endif
; The file version Windows shows: four numbers (build.py passes 1.2.3.0 for "1.2.3rc1").
#ifndef AppFileVersion
  #define AppFileVersion AppVersion
#endif
#define AppPublisher ReadIni(AddBackslash(SourcePath) + "..\identity.ini", "app", "publisher", "")
#if AppPublisher == ""
  #error no publisher in packaging\identity.ini
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\Kizuna"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\build\generated\icons\kizuna.ico"
#endif
#define AppName "Kizuna"
#define AppExe "Kizuna.exe"
#define CliExe "kizuna-cli.exe"

; Refuse to build an installer from an old build without the console program.
#if !FileExists(AddBackslash(SourceDir) + CliExe)
  #error kizuna-cli.exe is not in the build folder: run python packaging\build.py
#endif

[Setup]
; Never change AppId: Windows recognises upgrades and the uninstaller by it.
AppId={{E2DE748E-735F-496A-8B3E-71AFA06E136A}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppFileVersion}
VersionInfoProductVersion={#AppFileVersion}
VersionInfoTextVersion={#AppVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoCompany={#AppPublisher}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} Setup
VersionInfoCopyright=MIT License
; Windows 10 or newer: Python 3.11 and Qt 6.8+ run on nothing older.
MinVersion=10.0
; Per-user install into %LOCALAPPDATA%\Programs\Kizuna; no UAC prompt. A user with
; admin rights may still choose "install for all users" in the first dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Kizuna before replacing its files on an upgrade.
CloseApplications=yes
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
; The first entry is used when Windows' language is neither: English, as in the app.
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; Kizuna.exe, kizuna-cli.exe and their shared _internal folder.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: no module of an older version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
