; Inno Setup 6 script: a per-user installer for InterVET Desktop (no administrator rights).
; Build on Windows, after `python packaging\build.py` has made build\pyinstaller\dist\intervet-desktop:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\intervet-desktop.iss
; Output: build\installer\InterVET-Desktop-0.1.0-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "InterVET Desktop"
#define Bundle "..\..\build\pyinstaller\dist\intervet-desktop"

[Setup]
; a fixed GUID: upgrades replace the same installation
AppId={{5C3F7C1E-6E0B-4B7E-9D1A-1A2B3C4D5E6F}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=InterVET
AppVerName={#AppName} {#AppVersion}
; per user: no UAC prompt, installs into the user's own AppData\Local\Programs
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\intervet-desktop.exe
SetupIconFile=..\..\resources\icons\app.ico
OutputDir=..\..\build\installer
OutputBaseFilename=InterVET-Desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; the data lives in the user's AppData\Roaming folders and is never removed by the uninstaller

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "it"; MessagesFile: "compiler:Languages\Italian.isl"
Name: "fi"; MessagesFile: "compiler:Languages\Finnish.isl"
Name: "pt"; MessagesFile: "compiler:Languages\Portuguese.isl"
Name: "el"; MessagesFile: "compiler:Languages\Greek.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; an installed copy is never portable: no portable.txt even if the bundle has one
Source: "{#Bundle}\*"; DestDir: "{app}"; Excludes: "\portable.txt,\data,\logs,\config"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\intervet-desktop.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\intervet-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\intervet-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
