/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-team"

#include "sd-i18n.h"

#include <string.h>

#include "sd-audit-private.h"
#include "sd-error.h"
#include "sd-session-private.h"
#include "sd-team-store-private.h"
#include "sd-team.h"

void
sd_team_table_check_free (SdTeamTableCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->table);
  g_free (check->checksum_file);
  g_free (check->checksum_team);
  g_free (check);
}

char *
sd_team_url_for_display (const char *url)
{
  const char *scheme_end, *at, *colon;

  g_return_val_if_fail (url != NULL, NULL);

  /* postgresql://user:password@host/… → postgresql://user@host/… */
  scheme_end = strstr (url, "://");
  if (scheme_end == NULL)
    return g_strdup (url);
  at = strchr (scheme_end + 3, '@');
  colon = strchr (scheme_end + 3, ':');
  if (at == NULL || colon == NULL || colon > at || strchr (scheme_end + 3, '/') < at)
    return g_strdup (url);
  return g_strdup_printf ("%.*s%s", (int) (colon - url), url, at);
}

static gboolean
checks_match (GPtrArray  *checks,
              GError    **error)
{
  for (guint i = 0; i < checks->len; i++)
    {
      SdTeamTableCheck *check = checks->pdata[i];

      if (check->rows_file != check->rows_team || g_strcmp0 (check->checksum_file, check->checksum_team) != 0)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
                       _("The copy of the table “%s” does not match the shop file (%lld rows there, %lld in "
                         "the team database, or other values). Nothing was kept in the team database."),
                       check->table, (long long) check->rows_file, (long long) check->rows_team);
          return FALSE;
        }
    }
  return TRUE;
}

/* The copy and its checks, in the open transactions of both. */
static GPtrArray *
copy_and_check (SdDb                *file,
                SdDb                *team,
                SdTeamProgressFunc   progress,
                gpointer             user_data,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GPtrArray) checks = NULL;
  int version = _sd_team_read_version (team, error);

  if (version < 0)
    return NULL;
  if (version > 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_CONFLICT,
                           _("The team database already holds a shop. Move the shop into a new, empty database."));
      return NULL;
    }
  if (!_sd_team_create_from (team, file, progress, user_data, cancellable, error))
    return NULL;
  checks = _sd_team_verify (team, file, error);
  if (checks == NULL || !checks_match (checks, error))
    return NULL;
  return g_steal_pointer (&checks);
}

GPtrArray *
sd_team_move_shop (SdSession           *session,
                   const char          *url,
                   SdTeamProgressFunc   progress,
                   gpointer             user_data,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(SdDb) file = NULL;
  g_autoptr(SdDb) team = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (!sd_session_is_owner (session))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
                           _("Only the shop's owner can move the shop to a team database."));
      return NULL;
    }
  if (_sd_db_is_team (sd_session_get_db (session)))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("This shop is in a team database already; only a shop file can be moved."));
      return NULL;
    }
  if (!sd_db_check_team_url (url, error))
    return NULL;

  /* Connections of the move's own; the file's holds the write lock throughout, so that
   * nothing changes in it between the copy and its checks. */
  file = sd_db_open (sd_db_get_path (sd_session_get_db (session)), error);
  if (file == NULL)
    return NULL;
  team = _sd_db_open_bare (url, error);
  if (team == NULL)
    return NULL;
  shown = sd_team_url_for_display (url);
  if (!sd_db_begin (file, error))
    return NULL;
  if (!_sd_audit_append_as (file, sd_session_get_staff_id (session), sd_session_get_full_name (session),
                            SD_AUDIT_SHOP_MOVE, "shop", NULL, shown, error) ||
      !sd_db_begin (team, error))
    {
      sd_db_rollback (file);
      return NULL;
    }
  checks = copy_and_check (file, team, progress, user_data, cancellable, error);
  if (checks == NULL || !sd_db_commit (team, error))
    {
      sd_db_rollback (team);
      sd_db_rollback (file);
      return NULL;
    }
  if (!sd_db_commit (file, error))
    {
      g_prefix_error (error, _("The shop is in the team database, but its file could not record the move: "));
      return NULL;
    }
  return g_steal_pointer (&checks);
}
