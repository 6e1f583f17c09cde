/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A connection of its own to a team database that only listens for the changes the other
 * desktops make (the notifications of _sd_schema_pg_notify): made and read without ever
 * waiting on the server, for a main loop to drive. After each wake-up of its socket
 * (_sd_pg_listen_socket (), which may change while connecting), _sd_pg_listen_step ()
 * goes on and says what to wait for next.
 */
typedef struct _SdPgListen SdPgListen;

typedef enum
{
  SD_PG_LISTEN_WAIT_READ,
  SD_PG_LISTEN_WAIT_WRITE,
  SD_PG_LISTEN_FAILED,
} SdPgListenWait;

/* Starts connecting to the team database at URL (with the password this process was given
 * for it, if any); NULL when it cannot even start (no libpq, an address it cannot read). */
SdPgListen      *_sd_pg_listen_start      (const char  *url,
                                           GError     **error);
void             _sd_pg_listen_free       (SdPgListen  *listen);
int              _sd_pg_listen_socket     (SdPgListen  *listen);
/* Connects, asks to listen, reads what came: the names of the tables changed are added to
 * TABLES (char *, owned by it). SD_PG_LISTEN_FAILED sets ERROR: the connection is done
 * with (the server went away, or would not have it). */
SdPgListenWait   _sd_pg_listen_step       (SdPgListen  *listen,
                                           GPtrArray   *tables,
                                           GError     **error);
/* Whether the server has said yes to the LISTEN: changes from now on are heard. */
gboolean         _sd_pg_listen_is_listening (SdPgListen *listen);
/* Every table whose changes are told, NULL-terminated. */
const char *const *_sd_pg_listen_tables   (void);

G_END_DECLS
