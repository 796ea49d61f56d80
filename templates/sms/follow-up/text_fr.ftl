<#-- La relance par SMS (français). GSM-7 n'a ni ê, ni â, ni ç : le texte s'en passe. -->
${company.name} : ${total} restent impayés sur le compte client ${debtor.customerNumber}. Merci de régler avant le ${payBy} ou de nous appeler.<#if company.phone?has_content> ${company.phone}.</#if> Répondez STOP pour vous désabonner.
