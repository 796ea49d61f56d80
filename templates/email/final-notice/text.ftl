<#import "/lib/i18n.ftl" as t><#import "/lib/layout.ftl" as l><@l.text t=t step="final-notice"/>
