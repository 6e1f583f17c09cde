/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-pg-listen"

#include "sd-i18n.h"

#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-pg-listen-private.h"
#include "sd-schema-private.h"

#ifdef SD_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

const char *const *
_sd_pg_listen_tables (void)
{
  return _sd_schema_pg_notified_tables;
}

#ifdef SD_HAVE_LIBPQ

typedef enum
{
  STATE_CONNECTING,
  STATE_ASKING,       /* LISTEN sent, its answer not yet read */
  STATE_LISTENING,
} State;

struct _SdPgListen
{
  PGconn *conn;
  State   state;
};

/* The server's words on one line, libpq's hint after its sentence. */
static void
set_failure (GError    **error,
             PGconn     *conn,
             const char *fallback)
{
  const char *message = conn != NULL ? PQerrorMessage (conn) : NULL;
  g_autofree char *words = g_strstrip (g_strdup (message != NULL && *message != '\0' ? message : fallback));

  g_strdelimit (words, "\n\t", ' ');
  g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
               _("Not hearing the other desktops’ changes: %s"), words);
}

/* A server ending the connection says why outside any query; libpq hands that over as a
 * notice, which would otherwise go to stderr. The failure that follows says it anyway. */
static void
quiet_notice (void       *arg,
              const char *message)
{
  g_debug ("%s", message);
}

SdPgListen *
_sd_pg_listen_start (const char  *url,
                     GError     **error)
{
  g_autofree char *password = _sd_db_team_password (url);
  /* The URL is expanded in dbname's place; keep-alives tell a server gone from the network
   * within about two minutes, where nothing else would ever be read from it. */
  const char *keywords[] = { "dbname", "application_name", "keepalives_idle", "keepalives_interval",
                             "keepalives_count", password ? "password" : NULL, NULL };
  const char *values[] = { url, "shopdesk-changes", "60", "10", "6", password, NULL };
  SdPgListen *listen;
  PGconn *conn = PQconnectStartParams (keywords, values, 1);

  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    {
      set_failure (error, conn, _("out of memory"));
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, quiet_notice, NULL);
  listen = g_new0 (SdPgListen, 1);
  listen->conn = conn;
  listen->state = STATE_CONNECTING;
  return listen;
}

void
_sd_pg_listen_free (SdPgListen *listen)
{
  if (listen == NULL)
    return;
  PQfinish (listen->conn);
  g_free (listen);
}

int
_sd_pg_listen_socket (SdPgListen *listen)
{
  return PQsocket (listen->conn);
}

gboolean
_sd_pg_listen_is_listening (SdPgListen *listen)
{
  return listen->state == STATE_LISTENING;
}

/* Reads the answers to the LISTEN, and any notifications that came. */
static SdPgListenWait
read_input (SdPgListen  *listen,
            GPtrArray   *tables,
            GError     **error)
{
  PGnotify *notify;
  int flushed = PQflush (listen->conn);

  if (flushed < 0 || !PQconsumeInput (listen->conn))
    {
      set_failure (error, listen->conn, _("the server closed the connection"));
      return SD_PG_LISTEN_FAILED;
    }
  while (!PQisBusy (listen->conn))
    {
      PGresult *result = PQgetResult (listen->conn);
      ExecStatusType status;

      if (result == NULL)
        break;
      status = PQresultStatus (result);
      if (status != PGRES_COMMAND_OK)
        {
          g_autofree char *words = g_strstrip (g_strdup (PQresultErrorMessage (result)));

          g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                       _("Not hearing the other desktops’ changes: %s"), words);
          PQclear (result);
          return SD_PG_LISTEN_FAILED;
        }
      PQclear (result);
      listen->state = STATE_LISTENING;
    }
  while ((notify = PQnotifies (listen->conn)) != NULL)
    {
      g_ptr_array_add (tables, g_strdup (notify->extra));
      PQfreemem (notify);
    }
  if (PQstatus (listen->conn) == CONNECTION_BAD)
    {
      set_failure (error, listen->conn, _("the server closed the connection"));
      return SD_PG_LISTEN_FAILED;
    }
  return flushed == 1 ? SD_PG_LISTEN_WAIT_WRITE : SD_PG_LISTEN_WAIT_READ;
}

SdPgListenWait
_sd_pg_listen_step (SdPgListen  *listen,
                    GPtrArray   *tables,
                    GError     **error)
{
  g_return_val_if_fail (listen != NULL, SD_PG_LISTEN_FAILED);

  if (listen->state == STATE_CONNECTING)
    {
      switch (PQconnectPoll (listen->conn))
        {
        case PGRES_POLLING_READING:
          return SD_PG_LISTEN_WAIT_READ;
        case PGRES_POLLING_WRITING:
          return SD_PG_LISTEN_WAIT_WRITE;
        case PGRES_POLLING_OK:
          break;
        case PGRES_POLLING_FAILED:
        case PGRES_POLLING_ACTIVE:
        default:
          set_failure (error, listen->conn, _("could not connect"));
          return SD_PG_LISTEN_FAILED;
        }
      /* Connected: from here on nothing waits on the server either. */
      if (PQsetnonblocking (listen->conn, 1) != 0 ||
          !PQsendQuery (listen->conn, "LISTEN " SD_SCHEMA_PG_CHANGES_CHANNEL))
        {
          set_failure (error, listen->conn, _("could not ask for changes"));
          return SD_PG_LISTEN_FAILED;
        }
      listen->state = STATE_ASKING;
    }
  return read_input (listen, tables, error);
}

#else /* !SD_HAVE_LIBPQ */

struct _SdPgListen { int unused; };

SdPgListen *
_sd_pg_listen_start (const char  *url,
                     GError     **error)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("This ShopDesk was built without PostgreSQL’s client library, so it cannot open a team database."));
  return NULL;
}

void _sd_pg_listen_free (SdPgListen *listen) { }
int _sd_pg_listen_socket (SdPgListen *listen) { return -1; }
gboolean _sd_pg_listen_is_listening (SdPgListen *listen) { return FALSE; }
SdPgListenWait _sd_pg_listen_step (SdPgListen *listen, GPtrArray *tables, GError **error) { return SD_PG_LISTEN_FAILED; }

#endif
