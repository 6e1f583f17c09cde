/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-shop"

#include "sd-i18n.h"

#include <glib/gstdio.h>

#include "sd-audit-private.h"
#include "sd-error.h"
#include "sd-password.h"
#include "sd-session-private.h"
#include "sd-shop.h"
#include "sd-store-private.h"

static void
remove_database_files (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  /* A team database's half-made shop went with the transaction. */
  if (sd_db_is_team_url (path))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

static gboolean
check_name (const char  *name,
            const char  *what,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  if (*trimmed == '\0')
    {
      /* TRANSLATORS: %s is "shop name" or "owner name" */
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The %s is empty."), what);
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > 60)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The %s is longer than 60 characters."), what);
      return FALSE;
    }
  return TRUE;
}

SdSession *
sd_shop_create (const char  *path,
                const char  *shop_name,
                const char  *owner_name,
                const char  *password,
                GError     **error)
{
  g_autoptr(SdDb) db = NULL;
  g_autofree char *shop = NULL;
  gint64 owner_id;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_name (shop_name, _("shop name"), error) ||
      !check_name (owner_name, _("owner name"), error) ||
      !sd_password_check_new (password, error))
    return NULL;
  if (sd_db_shop_exists (path))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("%s already exists; choose another place for the new shop."), path);
      return NULL;
    }

  shop = g_strstrip (g_strdup (shop_name));
  db = sd_db_open (path, error);
  if (db == NULL)
    return NULL;
  if (!sd_db_begin (db, error))
    return NULL;
  owner_id = _sd_session_add_owner (db, owner_name, password, error);
  if (owner_id == 0 ||
      !_sd_store_set_shop_name (db, shop, sd_db_now (db), error) ||
      !_sd_audit_append_as (db, owner_id, owner_name, SD_AUDIT_SHOP_CREATE, "shop", NULL, shop, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      g_clear_pointer (&db, sd_db_unref);
      /* Nothing half-made stays behind. */
      remove_database_files (path);
      return NULL;
    }
  return _sd_session_new_for (db, owner_id, error);
}

char *
sd_shop_suggest_path (const char *shop_name)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "shopdesk", NULL);
  g_autoptr(GString) base = g_string_new (NULL);

  /* Keep letters of any script, so a Chinese shop name stays readable in the file name. */
  for (const char *p = shop_name ? shop_name : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c))
        g_string_append_unichar (base, c);
      else if (base->len > 0 && base->str[base->len - 1] != '-')
        g_string_append_c (base, '-');
    }
  while (base->len > 0 && base->str[base->len - 1] == '-')
    g_string_truncate (base, base->len - 1);
  if (base->len == 0)
    g_string_assign (base, "shop");

  for (guint n = 1; ; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.db", base->str)
                                     : g_strdup_printf ("%s-%u.db", base->str, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

char *
sd_shop_read_name (SdDb *db)
{
  char *name;

  g_return_val_if_fail (db != NULL, NULL);

  name = _sd_store_get_shop_name (db);
  return name ? name : g_strdup ("");
}

char *
sd_shop_get_name (SdSession *session)
{
  char *name;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  name = _sd_store_get_shop_name (sd_session_get_db (session));
  return name ? name : g_strdup ("");
}

gboolean
sd_shop_set_name (SdSession   *session,
                  const char  *name,
                  GError     **error)
{
  g_autofree char *trimmed = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONFIGURE_SHOP, error) ||
      !check_name (name, _("shop name"), error))
    return FALSE;
  trimmed = g_strstrip (g_strdup (name));
  db = sd_session_get_db (session);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_store_set_shop_name (db, trimmed, sd_db_now (db), error) ||
      !sd_audit_append (session, SD_AUDIT_SHOP_RENAME, "shop", NULL, trimmed, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
