<#-- Textos en español. -->
<#assign greeting = "Estimado/a ${debtor.name}:">
<#assign subjects = {
  "courtesy": "Próximo vencimiento: ${total}",
  "reminder": "Recordatorio de pago: ${total} vencido",
  "follow-up": "Segundo recordatorio: ${total} sigue pendiente",
  "firm": "Cuenta vencida: le rogamos pague ${total} ahora",
  "formal-demand": "Requerimiento formal de pago de ${total}",
  "final-notice": "Último aviso: ${total} vencido"
}>
<#assign banners = {
  "courtesy": "Un aviso amistoso sobre su cuenta",
  "reminder": "Recordatorio de pago",
  "final": "Último aviso"
}>
<#assign intros = {
  "courtesy": "Le recordamos que las facturas siguientes vencen pronto. Si ya ha realizado el pago, gracias.",
  "reminder": "Según nuestros registros, las facturas siguientes están vencidas. Quizá se le haya pasado; le agradeceremos el pago.",
  "follow-up": "Le escribimos hace poco sobre las facturas siguientes, que siguen pendientes. Le rogamos que realice el pago o nos indique si hay algún problema.",
  "firm": "A pesar de nuestros recordatorios, las facturas siguientes siguen impagadas. Le rogamos que pague el importe total ahora.",
  "formal-demand": "Por la presente le requerimos formalmente el pago de las facturas siguientes a más tardar el ${payBy}.",
  "final-notice": "Este es nuestro último aviso sobre las facturas siguientes. Si no se pagan, tendremos que considerar otras medidas."
}>
<#assign labels = {
  "customerNumber": "Número de cliente",
  "date": "Fecha",
  "issued": "Emitida",
  "daysOverdue": "Días de retraso",
  "notDue": "aún no vencida",
  "days": "días de retraso",
  "original": "Importe",
  "totalIn": "Total",
  "payBy": "Le rogamos pague ${total} a más tardar el ${payBy}.",
  "transfer": "O pague por transferencia bancaria",
  "accountHolder": "Titular de la cuenta",
  "bank": "Banco",
  "iban": "IBAN",
  "bic": "BIC",
  "accountNumber": "Número de cuenta",
  "routingNumber": "Número de ruta",
  "phone": "Teléfono",
  "email": "Correo",
  "invoice": "Factura",
  "due": "Vencimiento",
  "open": "Pendiente",
  "reference": "Referencia de pago",
  "total": "Total pendiente",
  "pay": "Pagar en línea",
  "howToPay": "Indique la referencia de pago de cada factura en su transferencia para que podamos identificarla.",
  "questions": "¿Preguntas, o ya ha pagado? Responda a este correo o contáctenos:",
  "regards": "Atentamente",
  "optOut": "Para dejar de recibir correos sobre su cuenta en esta dirección, dese de baja aquí:"
}>
<#-- Debt collector disclosures (COMPLIANCE R8, R13), in the language of the message. -->
<#assign disclosures = {
  "fromCollector": "Esta comunicación proviene de un cobrador de deudas.",
  "miniMiranda": "${company.name} es un cobrador de deudas. Este es un intento de cobrar una deuda y cualquier información obtenida se utilizará con ese fin.",
  "noticeTitle": "Aviso de validación",
  "owe": "Estamos cobrando una deuda que usted tiene con ${collector.creditor}. Número de cuenta: ${debtor.customerNumber}.",
  "asOf": "Al ${collector.itemizationDate!}, usted debía:",
  "interest": "Intereses desde el ${collector.itemizationDate!}:",
  "fees": "Cargos:",
  "paid": "Pagos y créditos:",
  "now": "Monto total de la deuda hoy:",
  "dispute": "Llámenos o escríbanos a más tardar el ${collector.validationEnd!} para disputar toda o parte de la deuda. Si no lo hace, supondremos que nuestra información es correcta.",
  "stop": "Si nos escribe a más tardar el ${collector.validationEnd!}, dejaremos de cobrar cualquier monto que dispute hasta que le enviemos información que demuestre que usted debe la deuda. También puede pedir el nombre y la dirección del acreedor original, si es distinto del actual; si escribe a más tardar el ${collector.validationEnd!}, dejaremos de cobrar hasta que le enviemos esa información.",
  "how": "Puede disputar la deuda o pedir el acreedor original respondiendo a este correo, escribiendo a ${company.name}, ${company.address}, o por correo electrónico a ${company.email}.",
  "cfpb": "Visite www.cfpb.gov/debt-collection para obtener más información sobre sus derechos según la ley federal."
}>
