<#-- Deutsche Texte. -->
<#assign greeting = "Guten Tag ${debtor.name},">
<#assign subjects = {
  "courtesy": "Bald fällig: ${total}",
  "reminder": "Zahlungserinnerung: ${total} überfällig",
  "follow-up": "Zweite Erinnerung: ${total} noch offen",
  "firm": "Überfälliges Konto: bitte zahlen Sie ${total} jetzt",
  "formal-demand": "Mahnung: Zahlungsaufforderung über ${total}",
  "final-notice": "Letzte Mahnung: ${total} überfällig"
}>
<#assign intros = {
  "courtesy": "Wir möchten Sie freundlich daran erinnern, dass die folgenden Rechnungen bald fällig werden. Falls Sie bereits bezahlt haben, vielen Dank.",
  "reminder": "Laut unseren Unterlagen sind die folgenden Rechnungen überfällig. Vielleicht ist Ihnen die Zahlung entgangen; wir freuen uns über Ihre Überweisung.",
  "follow-up": "Wir haben Ihnen kürzlich wegen der folgenden Rechnungen geschrieben, die weiterhin offen sind. Bitte veranlassen Sie die Zahlung oder teilen Sie uns mit, falls es ein Problem gibt.",
  "firm": "Trotz unserer Erinnerungen sind die folgenden Rechnungen noch offen. Bitte zahlen Sie den vollen Betrag jetzt.",
  "formal-demand": "Hiermit fordern wir Sie förmlich zur Zahlung der folgenden Rechnungen auf. Bitte zahlen Sie den vollen Betrag innerhalb von 14 Tagen.",
  "final-notice": "Dies ist unsere letzte Mahnung zu den folgenden Rechnungen. Bleiben sie unbezahlt, müssen wir weitere Schritte prüfen."
}>
<#assign labels = {
  "invoice": "Rechnung",
  "due": "Fällig",
  "open": "Offen",
  "reference": "Zahlungsreferenz",
  "total": "Offener Gesamtbetrag",
  "pay": "Online bezahlen",
  "howToPay": "Bitte geben Sie bei Ihrer Überweisung die Zahlungsreferenz an, damit wir Ihre Zahlung zuordnen können.",
  "questions": "Fragen, oder bereits bezahlt? Antworten Sie auf diese E-Mail oder schreiben Sie an",
  "regards": "Mit freundlichen Grüßen",
  "optOut": "Keine E-Mails mehr zu Ihrem Konto an diese Adresse? Hier abmelden:"
}>
