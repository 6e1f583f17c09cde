/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store"

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-error.h"
#include "sd-json.h"
#include "sd-secrets-private.h"
#include "sd-sync-store-private.h"
#include "sd-sync.h"

/* The store connection: settings in the database, secrets in the keyring or the
 * environment. The sync itself is in sd-sync.c. */

typedef struct
{
  const char *platform;
  const char *kind;       /* the keyring attribute */
  const char *env;        /* where a bare server keeps it */
} SecretSlot;

static const SecretSlot secret_slots[] = {
  { "taobao", "app_secret", "SHOPDESK_TAOBAO_APP_SECRET" },
  { "taobao", "session_key", "SHOPDESK_TAOBAO_SESSION" },
  { "shopify", "access_token", "SHOPDESK_SHOPIFY_TOKEN" },
};

const char *
sd_secret_source_to_string (SdSecretSource source)
{
  switch (source)
    {
    case SD_SECRET_SOURCE_KEYRING:
      return "keyring";
    case SD_SECRET_SOURCE_ENVIRONMENT:
      return "environment";
    case SD_SECRET_SOURCE_NONE:
    default:
      return "none";
    }
}

void
sd_store_status_free (SdStoreStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->platform);
  g_free (status->url);
  g_free (status->app_key);
  g_free (status->api_version);
  g_free (status->seller_nick);
  g_free (status->seller_id);
  g_free (status->last_error);
  g_free (status);
}

static gboolean
known_platform (const char  *platform,
                GError     **error)
{
  if (g_strcmp0 (platform, "taobao") == 0 || g_strcmp0 (platform, "shopify") == 0)
    return TRUE;
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("Unknown store platform “%s”: use taobao or shopify."), platform ? platform : "");
  return FALSE;
}

/* The secret of KIND for ROW's platform: the environment wins over the keyring. */
static SdSecret *
read_secret (const SdStoreRow *row,
                       const char       *kind,
                       SdSecretSource   *out_source)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_slots); i++)
    {
      const char *value;

      if (g_strcmp0 (secret_slots[i].platform, row->platform) != 0 || strcmp (secret_slots[i].kind, kind) != 0)
        continue;
      value = g_getenv (secret_slots[i].env);
      if (value != NULL && *value != '\0')
        {
          *out_source = SD_SECRET_SOURCE_ENVIRONMENT;
          return g_strdup (value);
        }
      *out_source = SD_SECRET_SOURCE_KEYRING;
      return _sd_secrets_lookup (row->secret_ref, kind);
    }
  *out_source = SD_SECRET_SOURCE_NONE;
  return NULL;
}

/* Where every secret of the platform would come from now: NONE when one is missing. */
static SdSecretSource
secret_source_of (const SdStoreRow *row)
{
  SdSecretSource source = SD_SECRET_SOURCE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (secret_slots); i++)
    {
      g_autoptr(SdSecret) value = NULL;
      SdSecretSource one;

      if (g_strcmp0 (secret_slots[i].platform, row->platform) != 0)
        continue;
      value = read_secret (row, secret_slots[i].kind, &one);
      if (value == NULL)
        return SD_SECRET_SOURCE_NONE;
      /* Mixed: the environment is what a person has to keep set. */
      if (source != SD_SECRET_SOURCE_ENVIRONMENT)
        source = one;
    }
  return source;
}

static SdStoreStatus *
status_from_row (const SdStoreRow *row)
{
  SdStoreStatus *status = g_new0 (SdStoreStatus, 1);

  status->platform = g_strdup (row->platform);
  status->url = g_strdup (row->url);
  status->app_key = g_strdup (row->app_key);
  if (!sd_top_sign_method_from_string (row->sign_method, &status->sign_method))
    status->sign_method = SD_TOP_SIGN_MD5;
  status->api_version = g_strdup (row->api_version);
  status->seller_nick = g_strdup (row->seller_nick);
  status->seller_id = g_strdup (row->seller_id);
  status->connected_at = row->connected_at;
  status->secret_source = secret_source_of (row);
  status->cursor = row->cursor;
  status->full_sync_done = row->full_sync_done;
  status->last_sync_at = row->last_sync_at;
  status->last_success_at = row->last_success_at;
  status->last_error = g_strdup (row->last_error);
  status->needs_authorization = row->needs_authorization;
  status->orders_synced = row->orders_synced;
  status->customers_synced = row->customers_synced;
  status->interval_minutes = row->interval_minutes;
  if (row->interval_minutes > 0)
    status->next_sync_at = (row->last_sync_at ? row->last_sync_at : row->connected_at) +
                           (gint64) row->interval_minutes * 60;
  return status;
}

SdStoreStatus *
sd_store_get_status (SdSession  *session,
                     GError    **error)
{
  g_autoptr(SdStoreRow) row = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  row = _sd_store_connection_load (sd_session_get_db (session), error);
  return row ? status_from_row (row) : NULL;
}

static void
clear_config_secrets (SdStoreConfig *config,
                      SdSecret     **secrets,
                      guint          n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&secrets[i], _sd_secrets_free);
  memset (config, 0, sizeof *config);
}

static SdStoreConnection *
connection_from_row (const SdStoreRow *row,
                     SdStoreWaitFunc   wait_func,
                     gpointer          wait_data,
                     GError          **error)
{
  SdStoreConfig config = { 0 };
  SdSecret *secrets[3] = { NULL, NULL, NULL };
  SdSecretSource source;
  gboolean missing;
  SdStoreConnection *connection = NULL;

  config.url = row->url;
  config.app_key = row->app_key;
  config.api_version = *row->api_version ? row->api_version : NULL;
  if (!sd_top_sign_method_from_string (row->sign_method, &config.sign_method))
    config.sign_method = SD_TOP_SIGN_MD5;
  config.wait_func = wait_func;
  config.wait_data = wait_data;
  if (strcmp (row->platform, "taobao") == 0)
    {
      config.app_secret = secrets[0] = read_secret (row, "app_secret", &source);
      config.session_key = secrets[1] = read_secret (row, "session_key", &source);
      missing = secrets[0] == NULL || secrets[1] == NULL;
      if (missing)
        g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED,
                             _("The Taobao app secret and session key are not in the keyring: connect the store "
                               "again, or set SHOPDESK_TAOBAO_APP_SECRET and SHOPDESK_TAOBAO_SESSION."));
    }
  else
    {
      config.access_token = secrets[2] = read_secret (row, "access_token", &source);
      missing = secrets[2] == NULL;
      if (missing)
        g_set_error_literal (error, SD_ERROR, SD_ERROR_AUTH_EXPIRED,
                             _("The Shopify access token is not in the keyring: connect the store again, or set "
                               "SHOPDESK_SHOPIFY_TOKEN."));
    }
  if (!missing)
    connection = sd_store_connection_new (row->platform, &config, error);
  clear_config_secrets (&config, secrets, G_N_ELEMENTS (secrets));
  return connection;
}

SdStoreConnection *
sd_store_open_connection (SdSession        *session,
                          SdStoreWaitFunc   wait_func,
                          gpointer          wait_data,
                          GError          **error)
{
  g_autoptr(SdStoreRow) row = NULL;
  g_autoptr(GError) local = NULL;
  SdStoreConnection *connection;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_IMPORT_CUSTOMERS, error))
    return NULL;
  row = _sd_store_connection_load (sd_session_get_db (session), error);
  if (row == NULL)
    return NULL;
  connection = connection_from_row (row, wait_func, wait_data, &local);
  if (connection == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return connection;
}

SdStoreSeller *
sd_store_test (SdSession     *session,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(SdStoreConnection) connection = sd_store_open_connection (session, NULL, NULL, error);

  if (connection == NULL)
    return NULL;
  return sd_store_connection_get_seller (connection, cancellable, error);
}

void
sd_store_settings_to_config (const SdStoreSettings *settings,
                             SdStoreConfig         *out_config)
{
  memset (out_config, 0, sizeof *out_config);
  out_config->url = settings->url;
  out_config->app_key = settings->app_key;
  out_config->app_secret = settings->app_secret;
  out_config->session_key = settings->session_key;
  out_config->sign_method = settings->sign_method;
  out_config->access_token = settings->access_token;
  out_config->api_version = settings->api_version;
}

/* The keyring's own list shows this: what the secret is for, never its value. */
static char *
secret_label (const char *kind,
              const char *seller)
{
  if (strcmp (kind, "app_secret") == 0)
    return g_strdup_printf (_("ShopDesk: Taobao app secret for %s"), seller);
  if (strcmp (kind, "session_key") == 0)
    return g_strdup_printf (_("ShopDesk: Taobao session key for %s"), seller);
  return g_strdup_printf (_("ShopDesk: Shopify access token for %s"), seller);
}

/* Keeps the given secrets under REF; FALSE (nothing kept) when no keyring answers. */
static gboolean
keep_secrets (const SdStoreSettings *settings,
              const char            *ref,
              const char            *seller,
              GError               **error)
{
  const char *values[G_N_ELEMENTS (secret_slots)] = {
    settings->app_secret, settings->session_key, settings->access_token,
  };

  for (guint i = 0; i < G_N_ELEMENTS (secret_slots); i++)
    {
      g_autofree char *label = NULL;

      if (strcmp (secret_slots[i].platform, settings->platform) != 0 || values[i] == NULL || *values[i] == '\0')
        continue;
      label = secret_label (secret_slots[i].kind, seller);
      if (!_sd_secrets_store (ref, secret_slots[i].kind, label, values[i], error))
        {
          _sd_secrets_clear (ref);
          return FALSE;
        }
    }
  return TRUE;
}

/* Reconnecting to the same store (a new session key, say) keeps where the sync stands. */
static gboolean
same_store (const SdStoreRow *old,
            const SdStoreRow *row)
{
  return old != NULL && strcmp (old->platform, row->platform) == 0 && strcmp (old->url, row->url) == 0 &&
         strcmp (old->app_key, row->app_key) == 0 && strcmp (old->seller_id, row->seller_id) == 0;
}

static SdStoreRow *
row_for (const SdStoreSettings *settings,
         const SdStoreSeller   *seller,
         const SdStoreRow      *old,
         gint64                 now)
{
  SdStoreRow *row = g_new0 (SdStoreRow, 1);

  row->platform = g_strdup (settings->platform);
  row->url = g_strdup (settings->url);
  row->app_key = g_strdup (settings->app_key ? settings->app_key : "");
  row->sign_method = g_strdup (strcmp (settings->platform, "taobao") == 0 ?
                               sd_top_sign_method_to_string (settings->sign_method) : "");
  row->api_version = g_strdup (settings->api_version ? settings->api_version : "");
  row->seller_nick = g_strdup (seller->nick);
  row->seller_id = g_strdup (seller->seller_id);
  row->connected_at = now;
  row->last_error = g_strdup ("");
  if (same_store (old, row))
    {
      row->cursor = old->cursor;
      row->full_sync_done = old->full_sync_done;
      row->full_sync_until = old->full_sync_until;
      row->full_sync_position = old->full_sync_position;
      row->last_sync_at = old->last_sync_at;
      row->last_success_at = old->last_success_at;
      row->orders_synced = old->orders_synced;
      row->customers_synced = old->customers_synced;
      row->interval_minutes = old->interval_minutes;
    }
  return row;
}

static gboolean
save_connection (SdSession       *session,
                 SdStoreRow      *row,
                 const SdStoreRow *old,
                 GError         **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *detail = g_strdup_printf ("%s %s, app key %s, seller %s", row->platform, row->url,
                                             *row->app_key ? row->app_key : "-", row->seller_nick);

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_store_connection_save (db, row, error) ||
      !sd_audit_append (session, SD_AUDIT_STORE_CONNECT, "store", row->platform, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  if (old != NULL && g_strcmp0 (old->secret_ref, row->secret_ref) != 0)
    _sd_secrets_clear (old->secret_ref);
  return TRUE;
}

SdStoreStatus *
sd_store_connect (SdSession             *session,
                  const SdStoreSettings *settings,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(SdStoreConnection) connection = NULL;
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(SdStoreRow) old = NULL;
  g_autoptr(SdStoreRow) row = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *ref = NULL;
  SdStoreConfig config;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error) ||
      !known_platform (settings->platform, error))
    return NULL;
  db = sd_session_get_db (session);
  sd_store_settings_to_config (settings, &config);
  connection = sd_store_connection_new (settings->platform, &config, error);
  if (connection == NULL)
    return NULL;
  seller = sd_store_connection_get_seller (connection, cancellable, error);
  if (seller == NULL)
    return NULL;

  old = _sd_store_connection_load (db, NULL);
  row = row_for (settings, seller, old, g_get_real_time () / G_USEC_PER_SEC);
  ref = _sd_secrets_new_ref ();
  if (keep_secrets (settings, ref, seller->nick, &keyring_error))
    row->secret_ref = g_steal_pointer (&ref);
  else
    {
      g_message ("%s", keyring_error->message);
      row->secret_ref = g_strdup ("");
    }
  if (!save_connection (session, row, old, error))
    {
      _sd_secrets_clear (row->secret_ref);
      return NULL;
    }
  return status_from_row (row);
}

gboolean
sd_store_disconnect (SdSession  *session,
                     GError    **error)
{
  g_autoptr(SdStoreRow) row = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error))
    return FALSE;
  db = sd_session_get_db (session);
  row = _sd_store_connection_load (db, error);
  if (row == NULL)
    return FALSE;
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_store_connection_delete (db, error) ||
      !sd_audit_append (session, SD_AUDIT_STORE_DISCONNECT, "store", row->platform, row->url, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  _sd_secrets_clear (row->secret_ref);
  return TRUE;
}

gboolean
sd_store_set_interval (SdSession  *session,
                       guint       minutes,
                       GError    **error)
{
  g_autoptr(SdStoreRow) row = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error))
    return FALSE;
  if (minutes > 24 * 60)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A sync interval of %u minutes is too long: at most 1440 (a day)."), minutes);
      return FALSE;
    }
  db = sd_session_get_db (session);
  row = _sd_store_connection_load (db, error);
  return row != NULL && _sd_store_connection_set_interval (db, minutes, error);
}

char *
sd_store_status_to_json (const SdStoreStatus *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  sd_json_add_string (builder, "platform", status->platform);
  sd_json_add_string (builder, "url", status->url);
  if (strcmp (status->platform, "taobao") == 0)
    {
      sd_json_add_string (builder, "app_key", status->app_key);
      sd_json_add_string (builder, "sign_method", sd_top_sign_method_to_string (status->sign_method));
    }
  else
    sd_json_add_string (builder, "api_version", status->api_version);
  sd_json_add_string (builder, "seller_nick", status->seller_nick);
  sd_json_add_string (builder, "seller_id", status->seller_id);
  sd_json_add_iso_time (builder, "connected_at", status->connected_at);
  sd_json_add_string (builder, "credentials", sd_secret_source_to_string (status->secret_source));
  sd_json_add_bool (builder, "full_sync_done", status->full_sync_done);
  sd_json_add_iso_time (builder, "cursor", status->cursor);
  sd_json_add_iso_time (builder, "last_sync_at", status->last_sync_at);
  sd_json_add_iso_time (builder, "last_success_at", status->last_success_at);
  sd_json_add_string (builder, "last_error", status->last_error);
  sd_json_add_bool (builder, "needs_authorization", status->needs_authorization);
  sd_json_add_int (builder, "orders_synced", status->orders_synced);
  sd_json_add_int (builder, "customers_synced", status->customers_synced);
  sd_json_add_int (builder, "interval_minutes", status->interval_minutes);
  sd_json_add_iso_time (builder, "next_sync_at", status->next_sync_at);
  json_builder_end_object (builder);
  return sd_json_to_text (builder);
}
