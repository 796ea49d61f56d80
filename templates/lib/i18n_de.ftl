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
<#assign banners = {
  "courtesy": "Ein freundlicher Hinweis zu Ihrem Konto",
  "reminder": "Zahlungserinnerung",
  "final": "Letzte Mahnung"
}>
<#assign intros = {
  "courtesy": "Wir möchten Sie freundlich daran erinnern, dass die folgenden Rechnungen bald fällig werden. Falls Sie bereits bezahlt haben, vielen Dank.",
  "reminder": "Laut unseren Unterlagen sind die folgenden Rechnungen überfällig. Vielleicht ist Ihnen die Zahlung entgangen; wir freuen uns über Ihre Überweisung.",
  "follow-up": "Wir haben Ihnen kürzlich wegen der folgenden Rechnungen geschrieben, die weiterhin offen sind. Bitte veranlassen Sie die Zahlung oder teilen Sie uns mit, falls es ein Problem gibt.",
  "firm": "Trotz unserer Erinnerungen sind die folgenden Rechnungen noch offen. Bitte zahlen Sie den vollen Betrag jetzt.",
  "formal-demand": "Hiermit fordern wir Sie förmlich zur Zahlung der folgenden Rechnungen auf. Bitte zahlen Sie den vollen Betrag bis zum ${payBy}.",
  "final-notice": "Dies ist unsere letzte Mahnung zu den folgenden Rechnungen. Bleiben sie unbezahlt, müssen wir weitere Schritte prüfen."
}>
<#assign labels = {
  "customerNumber": "Kundennummer",
  "date": "Datum",
  "issued": "Rechnungsdatum",
  "daysOverdue": "Tage überfällig",
  "notDue": "noch nicht fällig",
  "days": "Tage überfällig",
  "original": "Betrag",
  "totalIn": "Summe",
  "payBy": "Bitte zahlen Sie ${total} bis zum ${payBy}.",
  "transfer": "Oder per Überweisung",
  "accountHolder": "Kontoinhaber",
  "bank": "Bank",
  "iban": "IBAN",
  "bic": "BIC",
  "accountNumber": "Kontonummer",
  "routingNumber": "Routing-Nummer",
  "phone": "Telefon",
  "email": "E-Mail",
  "invoice": "Rechnung",
  "due": "Fällig",
  "open": "Offen",
  "reference": "Zahlungsreferenz",
  "total": "Offener Gesamtbetrag",
  "pay": "Online bezahlen",
  "howToPay": "Bitte geben Sie bei Ihrer Überweisung die Zahlungsreferenz jeder Rechnung an, damit wir Ihre Zahlung zuordnen können.",
  "questions": "Fragen, oder bereits bezahlt? Antworten Sie auf diese E-Mail oder kontaktieren Sie uns:",
  "regards": "Mit freundlichen Grüßen",
  "optOut": "Keine E-Mails mehr zu Ihrem Konto an diese Adresse? Hier abmelden:"
}>
<#-- Debt collector disclosures (COMPLIANCE R8, R13), in the language of the message. -->
<#assign disclosures = {
  "fromCollector": "Diese Mitteilung stammt von einem Inkassounternehmen.",
  "miniMiranda": "${company.name} ist ein Inkassounternehmen. Dies ist ein Versuch, eine Forderung einzutreiben; alle erhaltenen Informationen werden zu diesem Zweck verwendet.",
  "noticeTitle": "Hinweis zur Forderungsprüfung",
  "owe": "Wir treiben eine Forderung ein, die Sie ${collector.creditor} schulden. Kontonummer: ${debtor.customerNumber}.",
  "asOf": "Am ${collector.itemizationDate!} schuldeten Sie:",
  "interest": "Zinsen seit dem ${collector.itemizationDate!}:",
  "fees": "Gebühren:",
  "paid": "Zahlungen und Gutschriften:",
  "now": "Gesamtbetrag der Forderung heute:",
  "dispute": "Rufen Sie uns an oder schreiben Sie uns bis zum ${collector.validationEnd!}, wenn Sie die Forderung ganz oder teilweise bestreiten. Andernfalls gehen wir davon aus, dass unsere Angaben richtig sind.",
  "stop": "Wenn Sie uns bis zum ${collector.validationEnd!} schreiben, stellen wir die Eintreibung jedes bestrittenen Betrags ein, bis wir Ihnen Nachweise über die Forderung senden. Sie können auch Name und Anschrift des ursprünglichen Gläubigers erfragen, falls er nicht der heutige ist; schreiben Sie bis zum ${collector.validationEnd!}, stellen wir die Eintreibung ein, bis wir Ihnen diese Angaben senden.",
  "how": "Sie können die Forderung bestreiten oder den ursprünglichen Gläubiger erfragen, indem Sie auf diese E-Mail antworten, an ${company.name}, ${company.address} schreiben oder eine E-Mail an ${company.email} senden.",
  "cfpb": "Unter www.cfpb.gov/debt-collection erfahren Sie mehr über Ihre Rechte nach US-Bundesrecht."
}>
