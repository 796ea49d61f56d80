<#import "/lib/i18n.ftl" as t>${t.subjects["firm"]}
