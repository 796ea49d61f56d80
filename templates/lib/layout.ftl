<#-- Plain-text body shared by every email step. The opt-out notice (COMPLIANCE R5) is part of the
     layout, so no step can leave it out; startup validation checks it is rendered. -->
<#macro text t step>
<#assign tones = {"courtesy": "courtesy", "reminder": "reminder", "follow-up": "reminder",
                  "firm": "final", "formal-demand": "final", "final-notice": "final"}>
<#local tone = tones[step]!"reminder">
${t.greeting}

<#if tone == "final">*** ${t.banners[tone]?upper_case} ***

</#if>
${t.intros[step]}
<#if collector.active && !collector.initial>

${t.disclosures.fromCollector}
</#if>

${t.labels.customerNumber}: ${debtor.customerNumber}
${t.labels.date}: ${today}

<#list invoices as i>
${t.labels.invoice} ${i.number}
  ${t.labels.issued} ${i.issueDate}, ${t.labels.due} ${i.dueDate}, <#if i.overdue>${i.daysOverdue} ${t.labels.days}<#else>${t.labels.notDue}</#if>
  ${t.labels.original} ${i.amount}, ${t.labels.open} ${i.openAmount}
  ${t.labels.reference}: ${i.paymentReference}
</#list>

<#list totals as s>
${t.labels.totalIn} ${s.currency}: ${s.openAmount}
</#list>

${t.labels.payBy}
<#if payUrl?has_content>${t.labels.pay}: ${payUrl}
</#if>
<#if company.bank.present>

${t.labels.transfer}:
  ${t.labels.accountHolder}: ${company.bank.holder}
<#if company.bank.name?has_content>  ${t.labels.bank}: ${company.bank.name}
</#if><#if company.bank.iban?has_content>  ${t.labels.iban}: ${company.bank.iban}
</#if><#if company.bank.bic?has_content>  ${t.labels.bic}: ${company.bank.bic}
</#if><#if company.bank.accountNumber?has_content>  ${t.labels.accountNumber}: ${company.bank.accountNumber}
  ${t.labels.routingNumber}: ${company.bank.routingNumber}
</#if>
</#if>
${t.labels.howToPay}
<#if collector.initial>

${t.disclosures.noticeTitle}
${t.disclosures.miniMiranda}
${t.disclosures.owe}
  ${t.disclosures.asOf} ${collector.itemizationAmount}
  ${t.disclosures.interest} + ${collector.interest}
  ${t.disclosures.fees} + ${collector.fees}
  ${t.disclosures.paid} - ${collector.paymentsAndCredits}
  ${t.disclosures.now} ${collector.currentAmount}
${t.disclosures.dispute}
${t.disclosures.stop}
${t.disclosures.how}
${t.disclosures.cfpb}
</#if>

${t.labels.questions}<#if company.email?has_content> ${t.labels.email} ${company.email}</#if><#if company.phone?has_content> ${t.labels.phone} ${company.phone}</#if>

${t.labels.regards}
${company.name}
${company.address}

--
${t.labels.optOut} ${optOutUrl}
</#macro>
