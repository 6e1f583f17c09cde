/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sd-pg-private.h"

G_BEGIN_DECLS

/* The rows of a bulk load into a team database, held back and sent with COPY a table at a
 * time, instead of one INSERT and its round trip to the server each. The tables go in this
 * order: a row may only refer to the rows of the tables before it. */
typedef enum
{
  SD_COPY_CUSTOMERS,
  SD_COPY_TAGS,
  SD_COPY_NOTES,
  SD_COPY_ORDERS,
  SD_COPY_N
} SdCopyTable;

typedef struct _SdCopyBuffer SdCopyBuffer;

SdCopyBuffer *_sd_copy_buffer_new      (void);
void          _sd_copy_buffer_free     (SdCopyBuffer   *buffer);
gboolean      _sd_copy_buffer_is_empty (SdCopyBuffer   *buffer);
/* Bytes held back, of every table. */
gsize         _sd_copy_buffer_size     (SdCopyBuffer   *buffer);

/* A row is built value by value, then added to its table. */
void          _sd_copy_buffer_begin_row (SdCopyBuffer  *buffer);
void          _sd_copy_buffer_text     (SdCopyBuffer   *buffer,
                                        const char     *text);
void          _sd_copy_buffer_int      (SdCopyBuffer   *buffer,
                                        gint64          value);
void          _sd_copy_buffer_null     (SdCopyBuffer   *buffer);
void          _sd_copy_buffer_end_row  (SdCopyBuffer   *buffer,
                                        SdCopyTable     table);

/* The lowest customer id among the customers held back, or G_MAXINT64. */
gint64        _sd_copy_buffer_first_customer (SdCopyBuffer *buffer);
void          _sd_copy_buffer_note_customer  (SdCopyBuffer *buffer,
                                              gint64        id);

/* Sends what is held back, table after table, and empties the buffer; SQLite's result code
 * (the connection holds the server's words) and in OUT_TABLE the table that failed. */
int           _sd_copy_buffer_send     (SdCopyBuffer   *buffer,
                                        SdPgConnection *conn,
                                        const char    **out_table);

G_END_DECLS
