package io.rstscope.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * {@code rstscope spark}: the flows and resets of capture files on Apache Spark, written as Parquet by
 * day and Zeek's conn.log by day. On one machine: {@code rstscope spark --master 'local[*]' --out out/
 * captures/}; on a cluster, through {@code spark-submit} with this module's jar (see the README).
 *
 * <pre>
 * rstscope spark --master 'local[*]' --out /data/out /data/edge-1 /data/edge-2
 * spark-submit --class io.rstscope.spark.SparkMain rstscope-spark.jar --out hdfs:///rst/out /mnt/captures/edge-1
 * </pre>
 */
public final class SparkMain {

    static final String HELP = String.join("\n",
            "usage: rstscope spark --out DIR [--master URL] [--sensor NAME | --sensor-from directory|file|path] [--packets] PATH...",
            "",
            "The same connections and resets as one machine, computed on Apache Spark: each PATH (a capture",
            "file or a directory of them, pcap, pcapng, or gzip-compressed) is read on the executors, one task",
            "per file; connections that span files (rotated captures) are one connection. Writes",
            "DIR/flows and DIR/resets (Parquet, partitioned by day, the columns of the flows and resets",
            "tables plus sensor) and DIR/conn/day=YYYY-MM-DD/conn.log (Zeek's format).",
            "",
            "  --out DIR           where to write (must not hold flows/, resets/ or conn/ yet)",
            "  --master URL        Spark's master, e.g. local[*] (default: what spark-submit sets)",
            "  --sensor NAME       every file is from this one sensor",
            "  --sensor-from WHAT  a file's sensor is its directory's name (default), its file name, or its path",
            "  --packets           also write DIR/packets (Parquet by day): every TCP packet with the packets",
            "                      table's columns, but the connection's (uid, dir), plus sensor and file",
            "  -h, --help          this text");

    private SparkMain() {
    }

    /** Runs the job; exits with 0, 1 for bad arguments, 2 for a failed job. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String usage = HELP.substring(0, HELP.indexOf('\n'));
        String master = null, dir = null, sensor = null, sensorFrom = null;
        boolean packets = false;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    out.println(HELP);
                    return 0;
                }
                case "--packets" -> packets = true;
                case "--master", "--out", "--sensor", "--sensor-from" -> {
                    if (i + 1 == args.length) {
                        return fail(err, "option " + a + " needs a value", usage);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--master" -> master = v;
                        case "--out" -> dir = v;
                        case "--sensor" -> sensor = v;
                        default -> sensorFrom = v.toLowerCase(Locale.ROOT);
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        return fail(err, "unknown option '" + a + "'", usage);
                    }
                    paths.add(a);
                }
            }
        }
        if (dir == null) {
            return fail(err, "no --out DIR given", usage);
        }
        if (paths.isEmpty()) {
            return fail(err, "no PATH given", usage);
        }
        long start = System.nanoTime();
        SparkSession.Builder builder = SparkSession.builder().appName("rstscope");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            String taken = taken(spark, dir);
            if (taken != null) {
                err.println("rstscope spark: " + taken + " exists already: choose another --out DIR");
                return 1;
            }
            if (!spark.conf().contains("spark.sql.shuffle.partitions")
                    || spark.conf().get("spark.sql.shuffle.partitions").equals("200")) {
                // Spark's default of 200 is for tables far larger than a connection key's packets: two
                // partitions per core keep every core busy without thousands of tiny tasks.
                spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(
                        2 * spark.sparkContext().defaultParallelism()));
            }
            long ready = System.nanoTime();
            err.printf(Locale.ROOT, "rstscope spark: Spark %s started in %.1f s (master %s)%n", spark.version(),
                    (ready - start) / 1e9, spark.sparkContext().master());
            DataFrameReader reader = spark.read().format("pcap");
            if (sensor != null) {
                reader = reader.option("sensor", sensor);
            }
            if (sensorFrom != null) {
                reader = reader.option("sensorFrom", sensorFrom);
            }
            SparkAnalysis.Result r = SparkAnalysis.analyze(reader.load(paths.toArray(String[]::new)));
            SparkAnalysis.write(r, dir);
            if (packets) {
                SparkAnalysis.writePackets(r, dir);
            }
            r.release();
            long flows = spark.read().parquet(dir + "/flows").count();
            long resets = spark.read().parquet(dir + "/resets").count();
            out.printf(Locale.ROOT, "%d connections, %d resets in %.1f s: %s/flows, %s/resets, %s/conn%n", flows, resets,
                    (System.nanoTime() - ready) / 1e9, dir, dir, dir);
            return 0;
        } catch (RuntimeException e) {
            err.println("rstscope spark: " + rootMessage(e));
            return 2;
        } finally {
            spark.stop();
        }
    }

    /** The first of DIR's outputs that exists already, or null. */
    private static String taken(SparkSession spark, String dir) {
        try {
            for (String part : new String[] {"flows", "resets", "conn"}) {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir, part);
                if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                    return p.toString();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static int fail(PrintStream err, String message, String usage) {
        err.println("rstscope spark: " + message);
        err.println(usage);
        return 1;
    }
}
