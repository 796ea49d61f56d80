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
<#assign intros = {
  "courtesy": "Le recordamos que las facturas siguientes vencen pronto. Si ya ha realizado el pago, gracias.",
  "reminder": "Según nuestros registros, las facturas siguientes están vencidas. Quizá se le haya pasado; le agradeceremos el pago.",
  "follow-up": "Le escribimos hace poco sobre las facturas siguientes, que siguen pendientes. Le rogamos que realice el pago o nos indique si hay algún problema.",
  "firm": "A pesar de nuestros recordatorios, las facturas siguientes siguen impagadas. Le rogamos que pague el importe total ahora.",
  "formal-demand": "Por la presente le requerimos formalmente el pago de las facturas siguientes en un plazo de 14 días.",
  "final-notice": "Este es nuestro último aviso sobre las facturas siguientes. Si no se pagan, tendremos que considerar otras medidas."
}>
<#assign labels = {
  "invoice": "Factura",
  "due": "Vencimiento",
  "open": "Pendiente",
  "reference": "Referencia de pago",
  "total": "Total pendiente",
  "pay": "Pagar en línea",
  "howToPay": "Indique la referencia de pago en su transferencia para que podamos identificarla.",
  "questions": "¿Preguntas, o ya ha pagado? Responda a este correo o escriba a",
  "regards": "Atentamente",
  "optOut": "Para dejar de recibir correos sobre su cuenta en esta dirección, dese de baja aquí:"
}>
