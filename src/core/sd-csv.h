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

/* A streaming reader for CSV files as Taobao shops have them (Excel on Chinese
 * Windows, WPS, the seller centre's exports). It reads the source in 1 MiB chunks, so
 * memory stays bounded however long the file is; one record may be at most 16 MiB.
 *
 * Encoding: %SD_ENCODING_AUTO takes a UTF-8 BOM (or a GB18030 one) at its word, else
 * UTF-8 when the first 1 MiB is valid UTF-8, else GB18030 (which covers GBK and
 * GB2312; the byte 0x80 is read as "€" as Windows code page 936 writes it). A forced
 * encoding is obeyed. The BOM is never part of the first field. Text the encoding
 * cannot decode, and NUL bytes, make that record fail with an error naming it.
 * With %SD_ENCODING_AUTO, a file that starts like an Excel workbook (.xlsx/.xls) or
 * like UTF-16 is refused at once with %SD_ERROR_INVALID_INPUT.
 *
 * Format: RFC 4180 with comma separators, or tab separators when the first line has
 * tabs and no commas outside quotes. LF, CRLF and CR line ends; quoted fields may hold
 * separators, doubled quotes and line breaks (kept as they are); a quote inside an
 * unquoted field is kept literally, as Excel does; spaces between a closing quote and
 * the next separator are dropped.
 *
 * Fields are the raw text of the file, decoded to UTF-8 and unquoted, and nothing else:
 * no trimming, no Excel "protection" undone. Pass them to sd_csv_clean_cell() where a
 * value is meant (order numbers, phones, names), so a caller can still show exactly
 * what the file said. Records of one empty line are skipped; a line of separators
 * only (",,,") is returned as that many empty fields.
 *
 * Rows: sd_csv_reader_get_row() is the row number Excel shows for the record just
 * read: the first line is row 1, skipped empty lines still count, and a record whose
 * quoted field spans several lines is one row.
 *
 * Errors from sd_csv_reader_next() are in the %SD_ERROR domain. %SD_ERROR_INVALID_INPUT
 * messages start with "row R, column C: …" (lower case, to follow a prefix such as
 * "Cannot import: "). After "text after the closing quote", undecodable text or a NUL
 * byte, the bad record is dropped (get_n_fields() is 0, get_row() names it) and the
 * next call goes on with the following record. After a quoted field that is never
 * closed, an over-long record or %SD_ERROR_IO, the reader is at its end.
 *
 * sd_csv_reader_new_for_data() does not copy @data: it must outlive the reader. */
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
/* Tests and fuzzers use this to make chunk boundaries fall everywhere in a small
 * input; call it before the first sd_csv_reader_next(). The default is 1 MiB. */
void         sd_csv_reader_set_chunk_size  (SdCsvReader *reader,
                                            gsize        chunk_size);

/* Undoes what people and exporters do to keep Excel from touching a value. Leading
 * ASCII whitespace and U+3000 go (so does a leading tab). Then a leading apostrophe
 * is dropped, exactly one, and the rest is returned verbatim, as Excel shows it.
 * Otherwise trailing whitespace goes too and ="0012345" becomes 0012345 (doubled
 * quotes inside undone, ="" becomes empty). Returns a new string. */

char        *sd_csv_clean_cell          (const char    *cell);

/* Appends one record ending in CRLF. A field is quoted when it holds a comma, quote,
 * tab, CR or LF, starts or ends with a space, starts with a BOM, or is the only field
 * and empty. A field starting with =, +, -, @, tab, CR or ' gets a leading apostrophe,
 * so Excel and WPS show it as text rather than running it as a formula; because
 * sd_csv_clean_cell() drops exactly one, reading it back gives the field unchanged.
 * A NULL field is written as an empty one. */
void         sd_csv_append_row          (GString            *out,
                                         const char * const *fields,
                                         guint               n_fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCsvReader, sd_csv_reader_free)

G_END_DECLS
