<#-- El recordatorio firme por SMS (español). -->
${company.name}: su cuenta de cliente ${debtor.customerNumber} tiene ${total} muy vencidos. Pague antes del ${payBy} para evitar otras medidas. Responda STOP para darse de baja.
