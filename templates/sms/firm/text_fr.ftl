<#-- La relance ferme par SMS (français). -->
${company.name} : ${total} sur le compte client ${debtor.customerNumber} sont en retard depuis longtemps. Merci de régler avant le ${payBy} pour eviter d'autres mesures. Répondez STOP pour vous désabonner.
