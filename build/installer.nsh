; NSIS include (electron-builder `nsis.include`): registers Dialtone as a
; capable handler of tel:, callto:, sip: and sips: links. electron-builder's
; `protocols` setting is not applied to NSIS, and Windows 8+ ignores a plain
; Classes\<scheme> key for tel:/callto: once the user has chosen an app, so
; Dialtone declares Capabilities + RegisteredApplications; the user then picks it
; in Settings > Default apps (the app offers to open that page).
; SHCTX is HKCU for a per-user install, HKLM for per-machine.

!macro dialtoneRegisterScheme SCHEME
  WriteRegStr SHCTX "Software\Classes\Dialtone.${SCHEME}" "" "Dialtone ${SCHEME} link"
  WriteRegStr SHCTX "Software\Classes\Dialtone.${SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\Dialtone.${SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\Dialtone.${SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Dialtone\Capabilities\URLAssociations" "${SCHEME}" "Dialtone.${SCHEME}"
!macroend

!macro dialtoneUnregisterScheme SCHEME
  DeleteRegKey SHCTX "Software\Classes\Dialtone.${SCHEME}"
!macroend

!macro customInstall
  WriteRegStr SHCTX "Software\Dialtone\Capabilities" "ApplicationName" "Dialtone"
  WriteRegStr SHCTX "Software\Dialtone\Capabilities" "ApplicationDescription" "SIP softphone: calls tel:, sip: and callto: links"
  !insertmacro dialtoneRegisterScheme "tel"
  !insertmacro dialtoneRegisterScheme "callto"
  !insertmacro dialtoneRegisterScheme "sip"
  !insertmacro dialtoneRegisterScheme "sips"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Dialtone" "Software\Dialtone\Capabilities"
!macroend

!macro customUnInstall
  !insertmacro dialtoneUnregisterScheme "tel"
  !insertmacro dialtoneUnregisterScheme "callto"
  !insertmacro dialtoneUnregisterScheme "sip"
  !insertmacro dialtoneUnregisterScheme "sips"
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Dialtone"
  DeleteRegKey SHCTX "Software\Dialtone\Capabilities"
!macroend
