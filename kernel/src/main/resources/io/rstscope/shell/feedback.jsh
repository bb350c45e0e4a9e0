// The feedback mode of rstscope shell: jshell's concise mode, values never truncated (see Shell.openingScript).
/set mode rstscope -quiet
/set prompt rstscope "jshell> " "   ...> "
/set truncation rstscope 2147483647
/set format rstscope pre "|  "
/set format rstscope post "%n"
/set format rstscope errorpre "|  "
/set format rstscope errorpost "%n"
/set format rstscope errorline "{post}{pre}    {err}"
/set format rstscope err "%6$s"
/set format rstscope errors "%5$s"
/set format rstscope name "%1$s"
/set format rstscope type "%2$s"
/set format rstscope value "%3$s"
/set format rstscope unresolved "%4$s"
/set format rstscope action "created" added-primary
/set format rstscope action "modified" modified-primary
/set format rstscope action "replaced" replaced-primary
/set format rstscope typeKind "class" class
/set format rstscope typeKind "interface" interface
/set format rstscope typeKind "enum" enum
/set format rstscope typeKind "record" record
/set format rstscope typeKind "annotation interface" annotation
/set format rstscope until ", however, it cannot be used until" defined-class,interface,enum,annotation,record-primary
/set format rstscope until ", however, it cannot be invoked until" defined-method-primary
/set format rstscope until ", however, it cannot be referenced until" notdefined-primary
/set format rstscope unrerr "{unresolved} is declared" unresolved1-error0
/set format rstscope unrerr "{unresolved} are declared" unresolved2-error0
/set format rstscope unrerr " this error is corrected: {errors}" unresolved0-error1
/set format rstscope unrerr " these errors are corrected: {errors}" unresolved0-error2
/set format rstscope unrerr "{unresolved} is declared and this error is corrected: {errors}" unresolved1-error1
/set format rstscope resolve "{until}{unrerr}" defined,notdefined-added,modified,replaced,used
/set format rstscope result "{name} ==> {value}{post}" added,modified,replaced-ok-primary
/set format rstscope display "{pre}{action} {typeKind} {name}{resolve}{post}" class,interface,enum,annotation,record
/set format rstscope display "{pre}{action} method {name}({type}){resolve}{post}" method
/set format rstscope display "{pre}{action} variable {name}{resolve}{post}" vardecl,varinit-notdefined
/set format rstscope display "{pre}attempted to use {typeKind} {name}{resolve}{post}" used-class,interface,enum,annotation,record
/set format rstscope display "{pre}attempted to call method {name}({type}){resolve}{post}" used-method
/set format rstscope display "{result}" added,modified,replaced-expression,varvalue,assignment,varinit,vardecl-ok-primary
/set format rstscope display "" class,interface,enum,annotation,record,method,assignment,varinit,vardecl-ok
/set format rstscope display "" added,modified,replaced,overwrote,dropped-update
