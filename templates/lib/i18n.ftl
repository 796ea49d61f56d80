<#-- English texts (the default locale). Each language has an i18n_<lang>.ftl with the same names;
     FreeMarker picks the debtor's language and falls back to this file. -->
<#assign greeting = "Dear ${debtor.name},">
<#assign subjects = {
  "courtesy": "Upcoming payment: ${total} due soon",
  "reminder": "Payment reminder: ${total} overdue",
  "follow-up": "Second reminder: ${total} is still open",
  "firm": "Overdue account: please pay ${total} now",
  "formal-demand": "Formal demand for payment of ${total}",
  "final-notice": "Final notice: ${total} overdue"
}>
<#-- The banner of each tone (layout.ftl maps every step to one tone). -->
<#assign banners = {
  "courtesy": "A friendly note about your account",
  "reminder": "Payment reminder",
  "final": "Final notice"
}>
<#assign intros = {
  "courtesy": "This is a friendly note that the invoices below fall due soon. If payment is already on its way, thank you.",
  "reminder": "Our records show that the invoices below are overdue. Perhaps this has slipped your attention; we would be grateful for your payment.",
  "follow-up": "We wrote to you recently about the invoices below, which remain unpaid. Please arrange payment, or tell us if there is a problem with them.",
  "firm": "Despite our earlier reminders, the invoices below are still unpaid. Please pay the full amount now.",
  "formal-demand": "This is a formal demand for payment of the invoices below. Please pay the full amount by ${payBy}.",
  "final-notice": "This is our final notice about the invoices below. If they remain unpaid we will have to consider further steps to recover the amount."
}>
<#assign labels = {
  "customerNumber": "Customer number",
  "date": "Date",
  "invoice": "Invoice",
  "issued": "Issued",
  "due": "Due",
  "daysOverdue": "Days overdue",
  "notDue": "not yet due",
  "days": "days overdue",
  "original": "Amount",
  "open": "Open",
  "reference": "Payment reference",
  "total": "Total open",
  "totalIn": "Total",
  "payBy": "Please pay ${total} by ${payBy}.",
  "pay": "Pay online",
  "transfer": "Or pay by bank transfer",
  "accountHolder": "Account holder",
  "bank": "Bank",
  "iban": "IBAN",
  "bic": "BIC",
  "accountNumber": "Account number",
  "routingNumber": "Routing number",
  "howToPay": "Please quote the payment reference of each invoice with your transfer so that we can match your payment.",
  "questions": "Questions, or already paid? Reply to this email or contact us:",
  "phone": "Phone",
  "email": "Email",
  "regards": "Kind regards",
  "optOut": "To stop receiving emails about your account at this address, unsubscribe here:"
}>
<#-- Debt collector disclosures (COMPLIANCE R8, R13), used when arrears.company.debt-collector is set. -->
<#assign disclosures = {
  "fromCollector": "This communication is from a debt collector.",
  "miniMiranda": "${company.name} is a debt collector. This is an attempt to collect a debt, and any information obtained will be used for that purpose.",
  "noticeTitle": "Validation notice",
  "owe": "We are collecting a debt that you owe to ${collector.creditor}. Account number: ${debtor.customerNumber}.",
  "asOf": "As of ${collector.itemizationDate!}, you owed:",
  "interest": "Between ${collector.itemizationDate!} and today, you were charged this amount in interest:",
  "fees": "You were charged this amount in fees:",
  "paid": "You paid or were credited this amount toward the debt:",
  "now": "Total amount of the debt now:",
  "dispute": "Call or write to us by ${collector.validationEnd!} to dispute all or part of the debt. If you do not, we will assume that our information is correct.",
  "stop": "If you write to us by ${collector.validationEnd!}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt. You may also ask for the name and address of the original creditor, if different from the current creditor; if you write by ${collector.validationEnd!}, we must stop collection until we send you that information.",
  "how": "You may dispute the debt or ask for the original creditor by replying to this email, by writing to ${company.name}, ${company.address}, or by email to ${company.email}.",
  "cfpb": "Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law."
}>
