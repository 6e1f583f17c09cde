/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-gateway"

#include "sd-sms-gateway.h"

#include <string.h>

G_DEFINE_INTERFACE (SdSmsGateway, sd_sms_gateway, G_TYPE_OBJECT)

static void
sd_sms_gateway_default_init (SdSmsGatewayInterface *iface)
{
}

guint
sd_sms_gateway_get_max_batch (SdSmsGateway *self)
{
  g_return_val_if_fail (SD_IS_SMS_GATEWAY (self), 0);

  return SD_SMS_GATEWAY_GET_IFACE (self)->get_max_batch (self);
}

SdSmsSendReply *
sd_sms_gateway_send (SdSmsGateway  *self,
                     const char    *template_code,
                     const char    *out_id,
                     GPtrArray     *recipients,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (SD_IS_SMS_GATEWAY (self), NULL);
  g_return_val_if_fail (template_code != NULL, NULL);
  g_return_val_if_fail (recipients != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SD_SMS_GATEWAY_GET_IFACE (self)->send (self, template_code, out_id, recipients,
                                                cancellable, error);
}

GPtrArray *
sd_sms_gateway_query_details (SdSmsGateway  *self,
                              const char    *phone,
                              const char    *biz_id,
                              gint64         send_day,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (SD_IS_SMS_GATEWAY (self), NULL);
  g_return_val_if_fail (phone != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SD_SMS_GATEWAY_GET_IFACE (self)->query_details (self, phone, biz_id, send_day,
                                                         cancellable, error);
}

SdSmsRecipient *
sd_sms_recipient_new (const char *phone,
                      const char *template_param)
{
  SdSmsRecipient *recipient = g_new0 (SdSmsRecipient, 1);

  recipient->phone = g_strdup (phone);
  recipient->template_param = g_strdup (template_param != NULL ? template_param : "");
  return recipient;
}

void
sd_sms_recipient_free (SdSmsRecipient *recipient)
{
  if (recipient == NULL)
    return;
  g_free (recipient->phone);
  g_free (recipient->template_param);
  g_free (recipient);
}

SdSmsSendReply *
sd_sms_send_reply_new (SdSmsSendOutcome outcome,
                       const char      *biz_id,
                       const char      *code,
                       const char      *message,
                       gboolean         retry_later)
{
  SdSmsSendReply *reply = g_new0 (SdSmsSendReply, 1);

  reply->outcome = outcome;
  reply->biz_id = g_strdup (biz_id);
  reply->code = g_strdup (code);
  reply->message = g_strdup (message);
  reply->retry_later = retry_later;
  return reply;
}

void
sd_sms_send_reply_free (SdSmsSendReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->biz_id);
  g_free (reply->code);
  g_free (reply->message);
  g_free (reply);
}

void
sd_sms_delivery_free (SdSmsDelivery *delivery)
{
  if (delivery == NULL)
    return;
  g_free (delivery->phone);
  g_free (delivery->err_code);
  g_free (delivery->out_id);
  g_free (delivery);
}

char *
sd_sms_gateway_normalize_phone (const char *phone)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p;
  gboolean plus;

  g_return_val_if_fail (phone != NULL, NULL);

  p = phone;
  while (g_ascii_isspace (*p))
    p++;
  plus = *p == '+';
  if (plus)
    p++;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        return NULL;
    }
  /* After a '+' only China's country code will do (+1 415… is 11 digits too). */
  if (plus && !g_str_has_prefix (digits->str, "86"))
    return NULL;
  /* +86 / 0086 / 86 before the 11 digits. */
  if (digits->len == 13 && g_str_has_prefix (digits->str, "86"))
    g_string_erase (digits, 0, 2);
  else if (digits->len == 15 && g_str_has_prefix (digits->str, "0086"))
    g_string_erase (digits, 0, 4);
  if (digits->len != 11 || digits->str[0] != '1')
    return NULL;
  return g_string_free (g_steal_pointer (&digits), FALSE);
}
