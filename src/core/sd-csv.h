/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SD_ENCODING_AUTO = 0,
  SD_ENCODING_UTF8,
  SD_ENCODING_GB18030,
} SdEncoding;

const char *sd_encoding_to_string   (SdEncoding   encoding);
gboolean    sd_encoding_from_string (const char  *name,
                                     SdEncoding  *out_encoding);

typedef struct _SdCsvReader SdCsvReader;

SdCsvReader *sd_csv_reader_new_for_path (const char    *path,
                                         SdEncoding     encoding,
                                         GError       **error);
SdCsvReader *sd_csv_reader_new_for_data (const char    *data,
                                         gsize          length,
                                         SdEncoding     encoding,
                                         GError       **error);
void         sd_csv_reader_free         (SdCsvReader   *reader);
SdEncoding   sd_csv_reader_get_encoding (SdCsvReader   *reader);
gboolean     sd_csv_reader_next         (SdCsvReader   *reader,
                                         GError       **error);
guint        sd_csv_reader_get_n_fields (SdCsvReader   *reader);
const char  *sd_csv_reader_get_field    (SdCsvReader   *reader,
                                         guint          index);
guint        sd_csv_reader_get_row      (SdCsvReader   *reader);
guint64      sd_csv_reader_get_bytes_read  (SdCsvReader *reader);
guint64      sd_csv_reader_get_bytes_total (SdCsvReader *reader);

char        *sd_csv_clean_cell          (const char    *cell);

void         sd_csv_append_row          (GString            *out,
                                         const char * const *fields,
                                         guint               n_fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCsvReader, sd_csv_reader_free)

G_END_DECLS
