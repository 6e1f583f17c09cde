/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "net/sd-sms-gateway.h"
#include "sd-session.h"
#include "sd-sync.h"

G_BEGIN_DECLS

/* The shop's one SMS gateway (Aliyun SMS). Its settings (URL, signature, template code) live
 * in the database; its key pair in the Secret Service through libsecret, the database keeping
 * only a reference. Where no Secret Service runs, the keys come from the environment:
 * SHOPDESK_ALIYUN_ACCESS_KEY_ID and SHOPDESK_ALIYUN_ACCESS_KEY_SECRET (which also win over
 * stored ones when set). The keys are never in the database, a log, an audit entry nor an
 * error message.
 *
 * Setting and clearing need settings.connections; reading the status needs
 * campaigns.compose, settings.connections or campaigns.send; opening the gateway needs
 * campaigns.send. */

#define SD_SMS_ENV_ACCESS_KEY_ID     "SHOPDESK_ALIYUN_ACCESS_KEY_ID"
#define SD_SMS_ENV_ACCESS_KEY_SECRET "SHOPDESK_ALIYUN_ACCESS_KEY_SECRET"

typedef struct
{
  char          *kind;            /* "aliyun" */
  char          *url;             /* the endpoint */
  char          *sign_name;       /* the approved signature, without 【】 */
  char          *template_code;   /* the default approved template ("SMS_…"); may be "" */
  gint64         configured_at;
  SdSecretSource secret_source;   /* where the keys would be read from now */
} SdSmsGatewaySettings;

/* What to set. Strings are copied; the keys go to the keyring (when one runs), never into
 * the database. KIND NULL: "aliyun"; URL NULL: the Aliyun endpoint. */
typedef struct
{
  const char *kind;
  const char *url;
  const char *sign_name;
  const char *template_code;
  const char *access_key_id;
  const char *access_key_secret;
} SdSmsGatewayConfig;

/* The gateway's settings, or NULL with SD_ERROR_NOT_FOUND when none is set. */
SdSmsGatewaySettings *sd_sms_gateway_settings_get   (SdSession                *session,
                                                     GError                  **error);
/* Saves CONFIG, replacing any other gateway; the keys to the keyring, or, without one, not
 * kept (then they must be in the environment: *OUT_SOURCE, when not NULL, says where they
 * will be read from). Errors: SD_ERROR_INVALID_INPUT (a missing sign name, a bad URL, a
 * missing key when none is in the environment). Audited (gateway.set) without the keys. */
gboolean              sd_sms_gateway_settings_set   (SdSession                *session,
                                                     const SdSmsGatewayConfig *config,
                                                     SdSecretSource           *out_source,
                                                     GError                  **error);
/* Removes the gateway and its keys. Audited (gateway.clear). FALSE with SD_ERROR_NOT_FOUND
 * when none was set. */
gboolean              sd_sms_gateway_settings_clear (SdSession                *session,
                                                     GError                  **error);
void                  sd_sms_gateway_settings_free  (SdSmsGatewaySettings     *settings);

/* The shop's gateway, ready to send: its settings with its keys. SD_ERROR_NOT_FOUND when no
 * gateway is set, SD_ERROR_AUTH_FAILED when its keys are neither in the keyring nor in the
 * environment (the message says how to give them). */
SdSmsGateway         *sd_sms_open_gateway           (SdSession                *session,
                                                     GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsGatewaySettings, sd_sms_gateway_settings_free)

G_END_DECLS
