/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-csv.h"
#include "sd-import-fields.h"
#include "sd-session.h"

G_BEGIN_DECLS

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

void            sd_import_issue_free    (SdImportIssue          *issue);

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

/* What an import of a file would read, from its opening rows, without a shop: for a person
 * to check the columns before importing. */
typedef struct
{
  SdEncoding    encoding;      /* as detected, or as forced */
  gboolean      has_bom;       /* the file starts with a byte-order mark of that encoding */
  guint         header_row;    /* where the header is, as Excel numbers rows (first line: 1) */
  GPtrArray    *headers;       /* char *: the header's cells, cleaned */
  GPtrArray    *rows;          /* GStrv: the first data rows, cleaned, one cell per header */
  GArray       *row_numbers;   /* guint: each of those rows, as Excel numbers it */
  GArray       *fields;        /* SdField, one per column: what the import reads from it;
                                * SD_FIELD_NONE or SD_FIELD_IGNORE where it reads nothing */
  SdImportKind  kind_guess;    /* orders when a column holds order numbers */
  GPtrArray    *issues;        /* SdImportIssue *: what the import would reject in those rows */
  char         *problem;       /* why the import would refuse the file as mapped; NULL: fine */
} SdImportPreview;

/* Reads the header and the first MAX_ROWS data rows of PATH as sd_import_file() would with
 * OPTIONS (kind, encoding and mappings count; the error policy does not). A file that
 * cannot be read as a table (missing, empty, a workbook, undecodable) or a mapping that
 * names no column gives NULL and SD_ERROR / G_IO_ERROR. */
SdImportPreview *sd_import_preview      (const char             *path,
                                         const SdImportOptions  *options,
                                         guint                   max_rows,
                                         GError                **error);
void            sd_import_preview_free  (SdImportPreview        *preview);

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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdImportPreview, sd_import_preview_free)

G_END_DECLS
