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
<#assign intros = {
  "courtesy": "This is a friendly note that the invoices below fall due soon. If payment is already on its way, thank you.",
  "reminder": "Our records show that the invoices below are overdue. Perhaps this has slipped your attention; we would be grateful for your payment.",
  "follow-up": "We wrote to you recently about the invoices below, which remain unpaid. Please arrange payment, or tell us if there is a problem with them.",
  "firm": "Despite our earlier reminders, the invoices below are still unpaid. Please pay the full amount now.",
  "formal-demand": "This is a formal demand for payment of the invoices below. Please pay the full amount within 14 days of this letter.",
  "final-notice": "This is our final notice about the invoices below. If they remain unpaid we will have to consider further steps to recover the amount."
}>
<#assign labels = {
  "invoice": "Invoice",
  "due": "Due",
  "open": "Open",
  "reference": "Payment reference",
  "total": "Total open",
  "pay": "Pay online",
  "howToPay": "Please quote the payment reference with your transfer so that we can match your payment.",
  "questions": "Questions, or already paid? Reply to this email or contact us at",
  "regards": "Kind regards",
  "optOut": "To stop receiving emails about your account at this address, unsubscribe here:"
}>
