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
<#assign intros = {
  "courtesy": "Nous vous rappelons que les factures ci-dessous arrivent bientôt à échéance. Si le paiement est déjà en cours, merci.",
  "reminder": "Selon nos registres, les factures ci-dessous sont échues. Cela vous a peut-être échappé ; nous vous remercions de votre règlement.",
  "follow-up": "Nous vous avons écrit récemment au sujet des factures ci-dessous, qui restent impayées. Merci de procéder au paiement ou de nous signaler un problème.",
  "firm": "Malgré nos rappels, les factures ci-dessous restent impayées. Merci de régler la totalité maintenant.",
  "formal-demand": "Par la présente, nous vous mettons en demeure de régler les factures ci-dessous sous 14 jours.",
  "final-notice": "Ceci est notre dernier avis concernant les factures ci-dessous. À défaut de paiement, nous envisagerons d'autres mesures de recouvrement."
}>
<#assign labels = {
  "invoice": "Facture",
  "due": "Échéance",
  "open": "Restant dû",
  "reference": "Référence de paiement",
  "total": "Total restant dû",
  "pay": "Payer en ligne",
  "howToPay": "Merci d'indiquer la référence de paiement avec votre virement afin que nous puissions l'identifier.",
  "questions": "Des questions, ou déjà payé ? Répondez à cet e-mail ou écrivez à",
  "regards": "Cordialement",
  "optOut": "Pour ne plus recevoir d'e-mails concernant votre compte à cette adresse, désabonnez-vous ici :"
}>
