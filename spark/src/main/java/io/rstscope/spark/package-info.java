/**
 * rstscope on Apache Spark: the {@code pcap} data source ({@link io.rstscope.spark.PcapDataSource}),
 * the job that gives the flows and resets one machine gives ({@link io.rstscope.spark.SparkAnalysis}),
 * its Parquet and conn.log outputs, the {@code rstscope spark} command
 * ({@link io.rstscope.spark.SparkMain}), and the DSL's queries on Spark
 * ({@link io.rstscope.spark.SparkCapture}: one machine's filters, compiled into Spark expressions).
 * Spark is a provided dependency: the cluster brings it.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[*]").getOrCreate();
 * SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").load("/captures/edge-1"));
 * r.resets().groupBy("cause", "verdict").count().show();
 * SparkAnalysis.write(r, "/out/edge-1");
 * SparkCapture.read(spark, "/out/edge-1").resets().spoofed().groupBy("cause").count();
 * }</pre>
 */
package io.rstscope.spark;
