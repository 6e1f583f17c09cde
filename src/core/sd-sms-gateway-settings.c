/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-gateway-settings"

#include <string.h>

#include "sd-i18n.h"

#include "net/sd-aliyun-gateway.h"
#include "sd-audit.h"
#include "sd-error.h"
#include "sd-outbox-store-private.h"
#include "sd-secrets-private.h"
#include "sd-sms-gateway-settings.h"

/* The SMS gateway: settings in the database, the key pair in the keyring or the
 * environment (as the store connection, sd-store.c). */


typedef struct
{
  const char *kind;       /* the keyring attribute */
  const char *env;
} KeySlot;

static const KeySlot key_slots[] = {
  { "access_key_id", SD_SMS_ENV_ACCESS_KEY_ID },
  { "access_key_secret", SD_SMS_ENV_ACCESS_KEY_SECRET },
};

void
sd_sms_gateway_settings_free (SdSmsGatewaySettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->kind);
  g_free (settings->url);
  g_free (settings->sign_name);
  g_free (settings->template_code);
  g_free (settings);
}

static gboolean
env_has (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0';
}

/* Key I of the gateway: the environment wins over the keyring. */
static SdSecret *
read_key (const SdSmsGatewayRow *row,
          guint                  i,
          SdSecretSource        *out_source)
{
  if (env_has (key_slots[i].env))
    {
      *out_source = SD_SECRET_SOURCE_ENVIRONMENT;
      return g_strdup (g_getenv (key_slots[i].env));
    }
  *out_source = SD_SECRET_SOURCE_KEYRING;
  if (row->secret_ref == NULL || *row->secret_ref == '\0')
    return NULL;
  return _sd_secrets_lookup (row->secret_ref, key_slots[i].kind);
}

/* Reads both keys; NULL in *OUT_SOURCE … NONE when one is missing. */
static SdSecretSource
read_keys (const SdSmsGatewayRow *row,
           SdSecret             **out_keys)
{
  SdSecretSource source = SD_SECRET_SOURCE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (key_slots); i++)
    {
      SdSecretSource one;

      out_keys[i] = read_key (row, i, &one);
      if (out_keys[i] == NULL)
        return SD_SECRET_SOURCE_NONE;
      /* Mixed: the environment is what a person has to keep set. */
      if (source != SD_SECRET_SOURCE_ENVIRONMENT)
        source = one;
    }
  return source;
}

static SdSecretSource
key_source_of (const SdSmsGatewayRow *row)
{
  SdSecret *keys[G_N_ELEMENTS (key_slots)] = { NULL, };
  SdSecretSource source = read_keys (row, keys);

  for (guint i = 0; i < G_N_ELEMENTS (key_slots); i++)
    g_clear_pointer (&keys[i], _sd_secrets_free);
  return source;
}

static gboolean
may_read (SdSession  *session,
          GError    **error)
{
  if (sd_session_can (session, SD_PERMISSION_CONFIGURE_SHOP) ||
      sd_session_can (session, SD_PERMISSION_SEND_CAMPAIGNS))
    return TRUE;
  return sd_session_require (session, SD_PERMISSION_COMPOSE_CAMPAIGNS, error);
}

SdSmsGatewaySettings *
sd_sms_gateway_settings_get (SdSession  *session,
                             GError    **error)
{
  g_autoptr(SdSmsGatewayRow) row = NULL;
  SdSmsGatewaySettings *settings;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!may_read (session, error))
    return NULL;
  row = _sd_sms_gateway_row_load (sd_session_get_db (session), error);
  if (row == NULL)
    return NULL;
  settings = g_new0 (SdSmsGatewaySettings, 1);
  settings->kind = g_strdup (row->kind);
  settings->url = g_strdup (row->url);
  settings->sign_name = g_strdup (row->sign_name);
  settings->template_code = g_strdup (row->template_code);
  settings->configured_at = row->configured_at;
  settings->secret_source = key_source_of (row);
  return settings;
}

static gboolean
check_config (const SdSmsGatewayConfig *config,
              GError                  **error)
{
  const char *url = config->url ? config->url : SD_ALIYUN_DEFAULT_URL;
  g_autofree char *sign = g_strstrip (g_strdup (config->sign_name ? config->sign_name : ""));

  if (config->kind != NULL && strcmp (config->kind, "aliyun") != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Unknown SMS gateway “%s”: ShopDesk sends through aliyun."), config->kind);
      return FALSE;
    }
  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The gateway address “%s” is not a web address: it starts with https://."), url);
      return FALSE;
    }
  if (*sign == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The SMS signature is missing: give the sign name the gateway approved, without 【】."));
      return FALSE;
    }
  if (g_str_has_prefix (sign, "【") || g_str_has_suffix (sign, "】"))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("Give the sign name without 【】: the gateway adds them."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
given (const char *value)
{
  return value != NULL && *value != '\0';
}

/* Keeps both keys under REF; FALSE (nothing kept) when no keyring answers. */
static gboolean
keep_keys (const SdSmsGatewayConfig *config,
           const char               *ref,
           GError                  **error)
{
  const char *values[G_N_ELEMENTS (key_slots)] = { config->access_key_id, config->access_key_secret };

  for (guint i = 0; i < G_N_ELEMENTS (key_slots); i++)
    {
      g_autofree char *label = g_strdup_printf (i == 0 ? _("ShopDesk: Aliyun SMS AccessKey ID for %s")
                                                       : _("ShopDesk: Aliyun SMS AccessKey secret for %s"),
                                                config->sign_name);

      if (!_sd_secrets_store (ref, key_slots[i].kind, label, values[i], error))
        {
          _sd_secrets_clear (ref);
          return FALSE;
        }
    }
  return TRUE;
}

/* The secret reference the new row keeps: new keys stored, or the old ones when none are
 * given. */
static char *
secret_ref_for (const SdSmsGatewayConfig *config,
                const SdSmsGatewayRow    *old,
                GError                  **error)
{
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *ref = NULL;
  gboolean have_keys = given (config->access_key_id) && given (config->access_key_secret);

  if (given (config->access_key_id) != given (config->access_key_secret))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("Give both the AccessKey ID and the AccessKey secret, or neither."));
      return NULL;
    }
  if (!have_keys)
    {
      if (old != NULL && *old->secret_ref != '\0')
        return g_strdup (old->secret_ref);
      if (env_has (SD_SMS_ENV_ACCESS_KEY_ID) && env_has (SD_SMS_ENV_ACCESS_KEY_SECRET))
        return g_strdup ("");
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The gateway’s AccessKey ID and secret are missing: give them, or set %s and %s."),
                   SD_SMS_ENV_ACCESS_KEY_ID, SD_SMS_ENV_ACCESS_KEY_SECRET);
      return NULL;
    }
  ref = _sd_secrets_new_ref ();
  if (keep_keys (config, ref, &keyring_error))
    return g_steal_pointer (&ref);
  /* No Secret Service (a bare server): the keys must come from the environment. */
  g_message ("%s", keyring_error->message);
  return g_strdup ("");
}

gboolean
sd_sms_gateway_settings_set (SdSession                *session,
                             const SdSmsGatewayConfig *config,
                             SdSecretSource           *out_source,
                             GError                  **error)
{
  g_autoptr(SdSmsGatewayRow) old = NULL;
  g_autoptr(SdSmsGatewayRow) row = NULL;
  g_autofree char *detail = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error) || !check_config (config, error))
    return FALSE;
  db = sd_session_get_db (session);
  old = _sd_sms_gateway_row_load (db, NULL);
  row = g_new0 (SdSmsGatewayRow, 1);
  row->secret_ref = secret_ref_for (config, old, error);
  if (row->secret_ref == NULL)
    return FALSE;
  row->kind = g_strdup ("aliyun");
  row->url = g_strdup (config->url ? config->url : SD_ALIYUN_DEFAULT_URL);
  row->sign_name = g_strstrip (g_strdup (config->sign_name));
  row->template_code = g_strstrip (g_strdup (config->template_code ? config->template_code : ""));
  row->configured_at = sd_db_now (db);
  detail = g_strdup_printf ("aliyun %s, sign name %s, template %s", row->url, row->sign_name,
                            *row->template_code ? row->template_code : "-");
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_sms_gateway_row_save (db, row, error) ||
      !sd_audit_append (session, SD_AUDIT_GATEWAY_SET, "sms_gateway", "aliyun", detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      if (old == NULL || g_strcmp0 (old->secret_ref, row->secret_ref) != 0)
        _sd_secrets_clear (row->secret_ref);
      return FALSE;
    }
  if (old != NULL && *old->secret_ref != '\0' && g_strcmp0 (old->secret_ref, row->secret_ref) != 0)
    _sd_secrets_clear (old->secret_ref);
  if (out_source != NULL)
    *out_source = key_source_of (row);
  return TRUE;
}

gboolean
sd_sms_gateway_settings_clear (SdSession  *session,
                               GError    **error)
{
  g_autoptr(SdSmsGatewayRow) row = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error))
    return FALSE;
  db = sd_session_get_db (session);
  row = _sd_sms_gateway_row_load (db, error);
  if (row == NULL)
    return FALSE;
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_sms_gateway_row_delete (db, error) ||
      !sd_audit_append (session, SD_AUDIT_GATEWAY_CLEAR, "sms_gateway", row->kind, row->url, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  if (*row->secret_ref != '\0')
    _sd_secrets_clear (row->secret_ref);
  return TRUE;
}

SdSmsGateway *
sd_sms_open_gateway (SdSession  *session,
                     GError    **error)
{
  g_autoptr(SdSmsGatewayRow) row = NULL;
  SdSecret *keys[G_N_ELEMENTS (key_slots)] = { NULL, };
  SdSmsGateway *gateway = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_can (session, SD_PERMISSION_CONFIGURE_SHOP) &&
      !sd_session_require (session, SD_PERMISSION_SEND_CAMPAIGNS, error))
    return NULL;
  row = _sd_sms_gateway_row_load (sd_session_get_db (session), error);
  if (row == NULL)
    return NULL;
  if (read_keys (row, keys) == SD_SECRET_SOURCE_NONE)
    g_set_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED,
                 _("The SMS gateway’s keys are not in the keyring: set the gateway again with its keys, "
                   "or set %s and %s."), SD_SMS_ENV_ACCESS_KEY_ID, SD_SMS_ENV_ACCESS_KEY_SECRET);
  else
    gateway = SD_SMS_GATEWAY (sd_aliyun_gateway_new (row->url, keys[0], keys[1], row->sign_name));
  for (guint i = 0; i < G_N_ELEMENTS (key_slots); i++)
    g_clear_pointer (&keys[i], _sd_secrets_free);
  return gateway;
}
