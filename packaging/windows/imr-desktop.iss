; Inno Setup 6 script: a Windows installer for the PyInstaller one-folder bundle.
; NOT built or tested here (the project's machines run Linux); see docs/packaging.md.
;
; On Windows 10/11 x64, from the repository root:
;   py -3.11 -m venv .venv
;   .venv\Scripts\pip install -e ".[packaging]"
;   .venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\imr-desktop.spec
;   for /f %v in ('.venv\Scripts\python -c "import imr_desktop; print(imr_desktop.__version__)"') do set IMR_VERSION=%v
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=%IMR_VERSION% packaging\windows\imr-desktop.iss
; gives dist\imr-desktop-<version>-setup.exe.
;
; The version comes from imr_desktop/__init__.py (the one place), passed in with /D.
; The installer never touches the user's data folder (%LOCALAPPDATA%\imr-desktop):
; uninstalling removes the program files only.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=<imr_desktop.__version__> imr-desktop.iss
#endif

#define AppName "IMR Desktop"
#define AppExe "imr-desktop.exe"
#define Root "..\.."

[Setup]
; A fixed AppId: upgrades replace the previous version instead of installing beside it.
AppId={{6C1F0E0B-4E0B-4B59-9C7E-3E7C2A61D5A4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=IMR Desktop maintainers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Locked-down machines: an administrator installs for everyone, a user without admin
; rights can still install for themselves (into %LOCALAPPDATA%\Programs).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir={#Root}\dist
OutputBaseFilename=imr-desktop-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\imr-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before files are replaced.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: imr-desktop.exe (window), imr-desktop-cli.exe (commands), _internal\.
Source: "{#Root}\dist\imr-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: cases.db and everything else in the user's data folder stay.
