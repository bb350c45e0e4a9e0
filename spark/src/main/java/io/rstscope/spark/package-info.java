/**
 * rstscope on Apache Spark: the {@code pcap} data source ({@link io.rstscope.spark.PcapDataSource}),
 * the job that gives the flows and resets one machine gives ({@link io.rstscope.spark.SparkAnalysis}),
 * its Parquet and conn.log outputs, and the {@code rstscope spark} command
 * ({@link io.rstscope.spark.SparkMain}). Spark is a provided dependency: the cluster brings it.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[*]").getOrCreate();
 * SparkAnalysis.Result r = SparkAnalysis.analyze(spark.read().format("pcap").load("/captures/edge-1"));
 * r.resets().groupBy("cause", "verdict").count().show();
 * SparkAnalysis.write(r, "/out/edge-1");
 * }</pre>
 */
package io.rstscope.spark;
