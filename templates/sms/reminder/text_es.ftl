<#-- El recordatorio de pago por SMS (español). GSM-7 no tiene á, í, ó ni ú: el texto las evita. -->
${company.name}: su cuenta de cliente ${debtor.customerNumber} tiene ${total} vencidos. Por favor, pague antes del ${payBy}.<#if company.phone?has_content> Preguntas: ${company.phone}.</#if> Responda STOP para darse de baja.
