<#-- Plain-text body shared by every email step. The opt-out notice (COMPLIANCE R5) is part of the
     layout, so no step can leave it out; startup validation checks it is rendered. -->
<#macro text t step>
${t.greeting}

${t.intros[step]}

<#list invoices as i>
${t.labels.invoice} ${i.number}  ${t.labels.due} ${i.dueDate}  ${t.labels.open} ${i.openAmount}  ${t.labels.reference} ${i.paymentReference}
</#list>

${t.labels.total}: ${total}

${t.labels.howToPay}
<#if payUrl?has_content>${t.labels.pay}: ${payUrl}
</#if>

${t.labels.questions} ${company.email}.

${t.labels.regards}
${company.name}
${company.address}

--
${t.labels.optOut} ${optOutUrl}
</#macro>
