/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An SMS gateway as the campaign sender sees it: send one batch of a template to some
 * numbers, and read the delivery reports back. The only implementation is Aliyun's
 * (sd-aliyun-gateway.h); tests may add their own. The object holds its credentials and never
 * puts them, nor the numbers it sends to, in an error or a log line. */

#define SD_TYPE_SMS_GATEWAY (sd_sms_gateway_get_type ())
G_DECLARE_INTERFACE (SdSmsGateway, sd_sms_gateway, SD, SMS_GATEWAY, GObject)

typedef struct
{
  char *phone;            /* E.164 +86… or 11 digits: the gateway sends 11 digits */
  char *template_param;   /* JSON object text, "" for none */
} SdSmsRecipient;

typedef enum
{
  SD_SMS_SEND_ACCEPTED,   /* the gateway took the batch: biz_id set */
  SD_SMS_SEND_REJECTED,   /* it answered no: code says why; nothing was sent */
  SD_SMS_SEND_UNKNOWN,    /* no answer (dropped, timed out after the request left): the batch
                           * may have been sent; reconcile with query_details before resending */
} SdSmsSendOutcome;

typedef struct
{
  SdSmsSendOutcome outcome;
  char            *biz_id;       /* ACCEPTED: the gateway's id of the batch */
  char            *code;         /* the gateway's code ("OK", "isv.DAY_LIMIT_CONTROL"…);
                                  * UNKNOWN: NULL */
  char            *message;      /* translated, for people; never numbers or parameters */
  gboolean         retry_later;  /* throttled (minute level): the caller may try again
                                  * later; day/month limits say FALSE */
} SdSmsSendReply;

typedef enum
{
  SD_SMS_DELIVERY_WAITING = 1,
  SD_SMS_DELIVERY_FAILED = 2,
  SD_SMS_DELIVERY_DELIVERED = 3,
} SdSmsDeliveryStatus;

typedef struct
{
  char               *phone;        /* as the gateway reports it (11 digits) */
  SdSmsDeliveryStatus status;
  char               *err_code;     /* "DELIVERED" or the carrier's code; may be NULL */
  char               *out_id;       /* the out_id the batch was sent with; may be NULL */
  gint64              send_date;    /* UTC seconds, 0 when not said */
  gint64              receive_date; /* UTC seconds, 0 when not said */
} SdSmsDelivery;

struct _SdSmsGatewayInterface
{
  GTypeInterface parent_iface;

  guint           (*get_max_batch) (SdSmsGateway  *self);
  SdSmsSendReply *(*send)          (SdSmsGateway  *self,
                                    const char    *template_code,
                                    const char    *out_id,
                                    GPtrArray     *recipients,
                                    GCancellable  *cancellable,
                                    GError       **error);
  GPtrArray      *(*query_details) (SdSmsGateway  *self,
                                    const char    *phone,
                                    const char    *biz_id,
                                    gint64         send_day,
                                    GCancellable  *cancellable,
                                    GError       **error);
};

/* The most recipients one send takes (Aliyun: 100). */
guint           sd_sms_gateway_get_max_batch (SdSmsGateway  *self);

/* Sends TEMPLATE_CODE to RECIPIENTS (SdSmsRecipient*, 1 … max batch) under OUT_ID (the
 * caller's id of the batch, < 256 characters; may be NULL). One recipient → SendSms, more →
 * SendBatchSms. Throttling (isv.BUSINESS_LIMIT_CONTROL at minute level) is retried inside
 * with backoff before answering REJECTED with retry_later. Never sends the same batch twice:
 * an answer lost after the request left (dropped, timed out, cancelled while waiting, garbled,
 * or isp.SYSTEM_ERROR) is UNKNOWN, not retried.
 * GError (and NULL) only when no request was made or the answer says the credentials are
 * wrong: SD_ERROR_AUTH_FAILED (bad signature / unknown key), SD_ERROR_NETWORK (unreachable
 * before sending), SD_ERROR_INVALID_INPUT (no or too many recipients, a bad number),
 * G_IO_ERROR_CANCELLED (cancelled before the request left). */
SdSmsSendReply *sd_sms_gateway_send          (SdSmsGateway  *self,
                                              const char    *template_code,
                                              const char    *out_id,
                                              GPtrArray     *recipients,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* The delivery reports of PHONE for the day of SEND_DAY (any UTC second of it; the day is
 * taken in China time, as the gateway keeps it), of batch BIZ_ID only when not NULL: every
 * page, as SdSmsDelivery*. An empty array when the gateway has none. Errors: SD_ERROR_AUTH_FAILED,
 * SD_ERROR_NETWORK, SD_ERROR_RATE_LIMITED (throttled even after backing off), SD_ERROR_INVALID_INPUT
 * (a bad number), G_IO_ERROR_CANCELLED. */
GPtrArray      *sd_sms_gateway_query_details (SdSmsGateway  *self,
                                              const char    *phone,
                                              const char    *biz_id,
                                              gint64         send_day,
                                              GCancellable  *cancellable,
                                              GError       **error);

SdSmsRecipient *sd_sms_recipient_new         (const char     *phone,
                                              const char     *template_param);
void            sd_sms_recipient_free        (SdSmsRecipient *recipient);
/* A new reply (the strings copied; NULL allowed). */
SdSmsSendReply *sd_sms_send_reply_new        (SdSmsSendOutcome outcome,
                                              const char      *biz_id,
                                              const char      *code,
                                              const char      *message,
                                              gboolean         retry_later);
void            sd_sms_send_reply_free       (SdSmsSendReply *reply);
void            sd_sms_delivery_free         (SdSmsDelivery  *delivery);

/* PHONE as the gateway wants it: 11 digits starting with 1, from "+86…", "86…" or the 11
 * digits (spaces and dashes dropped). NULL when it is not a mainland mobile number. */
char           *sd_sms_gateway_normalize_phone (const char   *phone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsRecipient, sd_sms_recipient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsSendReply, sd_sms_send_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsDelivery, sd_sms_delivery_free)

G_END_DECLS
