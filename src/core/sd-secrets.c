/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-secrets"

#include <libsecret/secret.h>
#include <sodium.h>

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-secrets-private.h"

static const SecretSchema *
secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.shopdesk.ShopDesk.Secret", SECRET_SCHEMA_NONE,
    {
      { "ref", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

char *
_sd_secrets_new_ref (void)
{
  guint8 bytes[12];
  GString *ref = g_string_new ("shopdesk-");

  randombytes_buf (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (ref, "%02x", bytes[i]);
  return g_string_free (ref, FALSE);
}

gboolean
_sd_secrets_store (const char  *ref,
                   const char  *kind,
                   const char  *label,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (ref != NULL && kind != NULL && value != NULL, FALSE);

  if (secret_password_store_sync (secret_schema (), SECRET_COLLECTION_DEFAULT, label, value, NULL, &local,
                                  "ref", ref, "kind", kind, NULL))
    return TRUE;
  /* The service's own message names the collection or the bus, never the value. */
  g_set_error (error, SD_ERROR, SD_ERROR_IO,
               _("The keyring (Secret Service) could not keep the store’s credentials: %s"), local->message);
  return FALSE;
}

SdSecret *
_sd_secrets_lookup (const char *ref,
                    const char *kind)
{
  g_autoptr(GError) local = NULL;
  char *found;

  if (ref == NULL || *ref == '\0')
    return NULL;
  found = secret_password_lookup_sync (secret_schema (), NULL, &local, "ref", ref, "kind", kind, NULL);
  if (local != NULL)
    g_debug ("No keyring to read a secret from: %s", local->message);
  if (found == NULL)
    return NULL;
  /* Copied into GLib's allocator so that one free function wipes every secret. */
  {
    char *copy = g_strdup (found);
    secret_password_free (found);
    return copy;
  }
}

void
_sd_secrets_clear (const char *ref)
{
  g_autoptr(GError) local = NULL;

  if (ref == NULL || *ref == '\0')
    return;
  if (!secret_password_clear_sync (secret_schema (), NULL, &local, "ref", ref, NULL) && local != NULL)
    g_debug ("Could not clear secrets: %s", local->message);
}

void
_sd_secrets_free (SdSecret *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}
