/**
 * Data in: readers, the {@link org.ntk4j.data.Dataset} they produce, splits and standardisation.
 *
 * <ul>
 *   <li>Readers, each {@code read(Path, options)}: {@link org.ntk4j.data.CsvReader} (delimited text),
 *       {@link org.ntk4j.data.LibsvmReader} (sparse LIBSVM text), {@link org.ntk4j.data.IdxReader}
 *       (MNIST-style IDX, raw or gzip), {@link org.ntk4j.data.Npy} (NumPy .npy, read and atomic write),
 *       {@link org.ntk4j.data.UciSplits} (UCI folders with published splits),
 *       {@link org.ntk4j.data.ImageZipReader} (ZIPs of images in class folders).</li>
 *   <li>{@link org.ntk4j.data.DataCatalog}: named data sets (shared data, installed sets, the
 *       embedded {@code concrete} set) as {@link org.ntk4j.data.TrainTest} pairs.</li>
 *   <li>{@link org.ntk4j.data.Splits} (seeded splits and subsets), {@link org.ntk4j.data.Standardizer}
 *       and {@link org.ntk4j.data.TargetScaler} (fitted on training data only).</li>
 * </ul>
 *
 * <p>Rules every reader keeps: malformed input throws {@link org.ntk4j.data.DataFormatException}
 * naming the file and the line/column or byte offset and what was expected, and nothing else
 * (seeded fuzz tests check this); NaN and infinite values are rejected; empty files and files
 * without data rows are rejected; sizes declared in binary headers are checked against the file
 * length before anything is allocated; text is parsed from bytes without a String per field.
 */
package org.ntk4j.data;
