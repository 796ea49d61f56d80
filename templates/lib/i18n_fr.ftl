<#-- Textes français. -->
<#assign greeting = "Bonjour ${debtor.name},">
<#assign subjects = {
  "courtesy": "Échéance prochaine : ${total}",
  "reminder": "Rappel de paiement : ${total} en retard",
  "follow-up": "Deuxième rappel : ${total} toujours impayé",
  "firm": "Compte en retard : merci de régler ${total} maintenant",
  "formal-demand": "Mise en demeure de payer ${total}",
  "final-notice": "Dernier avis : ${total} en retard"
}>
<#assign banners = {
  "courtesy": "Un petit mot au sujet de votre compte",
  "reminder": "Rappel de paiement",
  "final": "Dernier avis"
}>
<#assign intros = {
  "courtesy": "Nous vous rappelons que les factures ci-dessous arrivent bientôt à échéance. Si le paiement est déjà en cours, merci.",
  "reminder": "Selon nos registres, les factures ci-dessous sont échues. Cela vous a peut-être échappé ; nous vous remercions de votre règlement.",
  "follow-up": "Nous vous avons écrit récemment au sujet des factures ci-dessous, qui restent impayées. Merci de procéder au paiement ou de nous signaler un problème.",
  "firm": "Malgré nos rappels, les factures ci-dessous restent impayées. Merci de régler la totalité maintenant.",
  "formal-demand": "Par la présente, nous vous mettons en demeure de régler les factures ci-dessous au plus tard le ${payBy}.",
  "final-notice": "Ceci est notre dernier avis concernant les factures ci-dessous. À défaut de paiement, nous envisagerons d'autres mesures de recouvrement."
}>
<#assign labels = {
  "customerNumber": "Numéro client",
  "date": "Date",
  "issued": "Émise le",
  "daysOverdue": "Jours de retard",
  "notDue": "pas encore échue",
  "days": "jours de retard",
  "original": "Montant",
  "totalIn": "Total",
  "payBy": "Merci de régler ${total} au plus tard le ${payBy}.",
  "transfer": "Ou par virement bancaire",
  "accountHolder": "Titulaire du compte",
  "bank": "Banque",
  "iban": "IBAN",
  "bic": "BIC",
  "accountNumber": "Numéro de compte",
  "routingNumber": "Code d'acheminement",
  "phone": "Téléphone",
  "email": "E-mail",
  "invoice": "Facture",
  "due": "Échéance",
  "open": "Restant dû",
  "reference": "Référence de paiement",
  "total": "Total restant dû",
  "pay": "Payer en ligne",
  "howToPay": "Merci d'indiquer la référence de paiement de chaque facture avec votre virement afin que nous puissions l'identifier.",
  "questions": "Des questions, ou déjà payé ? Répondez à cet e-mail ou contactez-nous :",
  "regards": "Cordialement",
  "optOut": "Pour ne plus recevoir d'e-mails concernant votre compte à cette adresse, désabonnez-vous ici :"
}>
<#-- Debt collector disclosures (COMPLIANCE R8, R13), in the language of the message. -->
<#assign disclosures = {
  "fromCollector": "Cette communication provient d'un agent de recouvrement.",
  "miniMiranda": "${company.name} est un agent de recouvrement. Ceci est une tentative de recouvrement d'une dette ; toute information obtenue sera utilisée à cette fin.",
  "noticeTitle": "Avis de validation",
  "owe": "Nous recouvrons une dette que vous devez à ${collector.creditor}. Numéro de compte : ${debtor.customerNumber}.",
  "asOf": "Au ${collector.itemizationDate!}, vous deviez :",
  "interest": "Intérêts depuis le ${collector.itemizationDate!} :",
  "fees": "Frais :",
  "paid": "Paiements et avoirs :",
  "now": "Montant total de la dette aujourd'hui :",
  "dispute": "Appelez-nous ou écrivez-nous au plus tard le ${collector.validationEnd!} pour contester tout ou partie de la dette. À défaut, nous considérerons que nos informations sont exactes.",
  "stop": "Si vous nous écrivez au plus tard le ${collector.validationEnd!}, nous suspendrons le recouvrement de tout montant contesté jusqu'à ce que nous vous envoyions la preuve de la dette. Vous pouvez aussi demander le nom et l'adresse du créancier d'origine, s'il diffère du créancier actuel ; si vous écrivez au plus tard le ${collector.validationEnd!}, nous suspendrons le recouvrement jusqu'à l'envoi de ces informations.",
  "how": "Vous pouvez contester la dette ou demander le créancier d'origine en répondant à cet e-mail, en écrivant à ${company.name}, ${company.address}, ou par e-mail à ${company.email}.",
  "cfpb": "Rendez-vous sur www.cfpb.gov/debt-collection pour en savoir plus sur vos droits selon la loi fédérale américaine."
}>
