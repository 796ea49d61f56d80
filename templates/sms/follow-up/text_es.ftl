<#-- El seguimiento por SMS (español). GSM-7 no tiene á, í, ó ni ú: el texto las evita. -->
${company.name}: su cuenta de cliente ${debtor.customerNumber} sigue con ${total} sin pagar. Pague antes del ${payBy} o llamenos.<#if company.phone?has_content> ${company.phone}.</#if> Responda STOP para darse de baja.
