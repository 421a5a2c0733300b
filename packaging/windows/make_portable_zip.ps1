# The portable zip for Windows (a USB stick, no installation). Run in PowerShell on Windows, after
# `python packaging\build.py` has made build\pyinstaller\dist\intervet-desktop:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\make_portable_zip.ps1 -Version 0.1.0
# Output: build\installer\InterVET-Desktop-0.1.0-portable-win64.zip. The portable.txt marker
# inside makes the app keep its database, settings and logs in the unpacked folder.
param([string]$Version = "0.1.0")
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
$Bundle = Join-Path $Root "build\pyinstaller\dist\intervet-desktop"
$Stage = Join-Path $Root "build\portable\InterVET Desktop"
$Out = Join-Path $Root "build\installer\InterVET-Desktop-$Version-portable-win64.zip"
if (Test-Path $Stage) { Remove-Item -Recurse -Force $Stage }
New-Item -ItemType Directory -Force -Path $Stage, (Split-Path $Out) | Out-Null
Copy-Item -Recurse "$Bundle\*" $Stage
Set-Content -Path (Join-Path $Stage "portable.txt") -Encoding UTF8 -Value @(
    "InterVET Desktop keeps its database, settings and logs in this folder (portable mode).",
    "Delete this file to use the user's own folders instead."
)
& (Join-Path $Stage "intervet.exe") --version
if ($LASTEXITCODE -ne 0) { throw "the portable copy does not start" }
if (Test-Path $Out) { Remove-Item $Out }
Compress-Archive -Path $Stage -DestinationPath $Out
Write-Output "wrote $Out"
