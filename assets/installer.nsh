; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; Council machines are often locked down: always install for the current user only, never ask for
; administrator rights, and so never show the "for all users" choice.
!macro customInstallMode
  StrCpy $isForceCurrentInstall "1"
!macroend
