/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-csv.h"
#include "sd-import-fields.h"
#include "sd-session.h"

G_BEGIN_DECLS

typedef enum
{
  SD_IMPORT_CUSTOMERS,
  SD_IMPORT_ORDERS,
} SdImportKind;

typedef enum
{
  SD_IMPORT_ABORT_ON_ERROR,   /* any bad row: nothing is imported */
  SD_IMPORT_SKIP_BAD_ROWS,    /* bad rows are reported, the rest imported */
} SdImportErrorPolicy;

typedef struct
{
  SdImportKind         kind;
  SdEncoding           encoding;
  SdImportErrorPolicy  on_error;
  char               **mappings;     /* "COLUMN=FIELD"; COLUMN is a header or a 1-based number */
  guint                batch_size;   /* rows a transaction; 0: the default */
  const char          *platform;     /* for rows that do not say; NULL: taobao */
} SdImportOptions;

/* A rejected row, where Excel shows it: row 1 is the header. */
typedef struct
{
  guint  row;
  char  *column;
  char  *message;
} SdImportIssue;

typedef struct
{
  guint64     rows;
  guint64     inserted;
  guint64     updated;
  guint64     unchanged;
  guint64     skipped;
  guint64     customers_created;
  guint64     resumed_rows;      /* rows an earlier, interrupted run had already committed */
  gboolean    rolled_back;       /* abort policy and bad rows: nothing was written */
  SdEncoding  encoding;
  GPtrArray  *errors;            /* SdImportIssue * */
  GPtrArray  *columns;           /* char *: "HEADER → field" for every column */
} SdImportResult;

typedef struct
{
  guint64 rows;
  guint64 bytes_done;
  guint64 bytes_total;
} SdImportProgress;

typedef void (*SdImportProgressFunc) (const SdImportProgress *progress,
                                      gpointer                user_data);

SdImportResult *sd_import_file          (SdSession              *session,
                                         const char             *path,
                                         const SdImportOptions  *options,
                                         SdImportProgressFunc    progress,
                                         gpointer                user_data,
                                         GCancellable           *cancellable,
                                         GError                **error);
void            sd_import_result_free   (SdImportResult         *result);
char           *sd_import_result_to_json (const SdImportResult  *result);
gboolean        sd_import_kind_from_string (const char          *name,
                                            SdImportKind        *out_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdImportResult, sd_import_result_free)

G_END_DECLS
