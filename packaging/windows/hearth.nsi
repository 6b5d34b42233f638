; Hearth's Windows installer (NSIS 3): a per-machine install of the one-folder build
; into Program Files, with a Start-menu entry and an entry in Apps / Add or Remove
; Programs. See packaging/README.md, "Windows installer". From the repository root:
;
;   makensis $(python packaging/windows_version.py --nsis) packaging\windows\hearth.nsi
;
; Defines (makensis -DNAME=VALUE):
;   VERSION      required: pyproject.toml's version, e.g. 0.1.0
;   FILEVERSION  required: the same as four numbers, e.g. 0.1.0.0
;   SOURCE       the one-folder build (default: dist\hearth beside the repository root)
;   OUTFILE      the installer to write (default: dist\Hearth-VERSION-setup.exe)
;   SIGN         a command that signs the file named after it, e.g.
;                "-DSIGN=signtool sign /fd SHA256 /tr http://timestamp.example /td SHA256 /sha1 THUMBPRINT"
;                It signs the uninstaller as it is made and the installer when it is written.
;
; Managed deployment (Intune, SCCM): Hearth-VERSION-setup.exe /S installs silently
; (/D=FOLDER, last on the line, for another folder); uninstall.exe /S removes it
; silently. The uninstaller removes exactly the files this installer wrote. Workers'
; stores, settings and logs live in their own per-user folders (AppData) and the
; registry under HKEY_CURRENT_USER; nothing here ever touches them.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef VERSION
  !error "Give the version: makensis -DVERSION=x.y.z -DFILEVERSION=x.y.z.0 (packaging/windows_version.py --nsis)"
!endif
!ifndef FILEVERSION
  !error "Give the version as four numbers: -DFILEVERSION=x.y.z.0 (packaging/windows_version.py --nsis)"
!endif
!ifndef SOURCE
  !define SOURCE "${__FILEDIR__}\..\..\dist\hearth"
!endif
!ifndef OUTFILE
  !define OUTFILE "${__FILEDIR__}\..\..\dist\Hearth-${VERSION}-setup.exe"
!endif

!ifdef SIGN
  !uninstfinalize '${SIGN} "%1"' = 0
  !finalize '${SIGN} "%1"' = 0
!endif

!define PRODUCT "Hearth"
!define PUBLISHER "Hearth"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Hearth"
!define ICON "${__FILEDIR__}\..\icons\hearth.ico"

!include MUI2.nsh
!include LogicLib.nsh
!include x64.nsh
!include FileFunc.nsh

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
BrandingText "${PRODUCT} ${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
; No "Start Hearth" on the last page: it would start as administrator.
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; The installer's own version resource (its Properties > Details).
VIProductVersion "${FILEVERSION}"
VIFileVersion "${FILEVERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${PRODUCT} ${VERSION} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Copyright ${PUBLISHER}"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Hearth needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ; An upgrade goes where the installed version is (unless /D= says otherwise).
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "$PROGRAMFILES64\${PRODUCT}"
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "Hearth" SecHearth
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's libraries whole, so none of an older
  ; version's are left behind. Only the build's own folder: nothing else.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu, for every user of the machine.
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\hearth.exe" "" "$INSTDIR\hearth.exe" 0

  ; Apps / Add or Remove Programs, with the version.
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\hearth.exe,0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; Removes exactly what the section above wrote. Never $APPDATA, $LOCALAPPDATA,
; $PROFILE or HKCU: workers' stores, settings and logs stay where they are.
Section "Uninstall"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\hearth.exe"
  Delete "$INSTDIR\hearth-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: anything else someone put in the folder stays.
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
