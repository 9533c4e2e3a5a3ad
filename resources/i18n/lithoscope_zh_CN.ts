<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>Lithoscope</name>
        <message>
            <location filename="../../labels.py" line="15" />
            <source>Slope</source>
            <translation>坡度</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="16" />
            <source>Aspect (eastness, sine)</source>
            <translation>坡向（东向分量，正弦）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="17" />
            <source>Aspect (northness, cosine)</source>
            <translation>坡向（北向分量，余弦）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="18" />
            <source>Plan curvature</source>
            <translation>平面曲率</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="19" />
            <source>Profile curvature</source>
            <translation>剖面曲率</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="20" />
            <source>Roughness</source>
            <translation>地表粗糙度</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="21" />
            <source>Topographic position index (TPI)</source>
            <translation>地形位置指数（TPI）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="22" />
            <source>Flow accumulation (upslope area)</source>
            <translation>汇流累积量（上坡汇水面积）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="23" />
            <source>Topographic wetness index (TWI)</source>
            <translation>地形湿度指数（TWI）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="24" />
            <source>Local relief, 3 cells</source>
            <translation>局部地形起伏度（3 个像元）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="25" />
            <source>Local relief, 10 cells</source>
            <translation>局部地形起伏度（10 个像元）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="26" />
            <source>Local relief, 30 cells</source>
            <translation>局部地形起伏度（30 个像元）</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="32" />
            <source>random</source>
            <translation>随机</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="32" />
            <source>spatial</source>
            <translation>空间</translation>
        </message>
        <message>
            <location filename="../../labels.py" line="32" />
            <source>temporal</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="100" />
            <location filename="../../plugin.py" line="120" />
            <location filename="../../plugin.py" line="200" />
            <location filename="../../plugin.py" line="304" />
            <location filename="../../processing/provider.py" line="24" />
            <location filename="../../ui/classify_dialog.py" line="492" />
            <location filename="../../ui/classify_dialog.py" line="498" />
            <location filename="../../ui/classify_dialog.py" line="505" />
            <location filename="../../ui/common.py" line="58" />
            <location filename="../../ui/model_manager.py" line="256" />
            <location filename="../../ui/model_manager.py" line="412" />
            <location filename="../../ui/sequence_dialog.py" line="931" />
            <location filename="../../ui/sequence_dialog.py" line="944" />
            <location filename="../../ui/sequence_dialog.py" line="1061" />
            <location filename="../../ui/series_tool.py" line="628" />
            <location filename="../../ui/settings_page.py" line="151" />
            <location filename="../../ui/susceptibility_dialog.py" line="786" />
            <location filename="../../ui/susceptibility_dialog.py" line="800" />
            <location filename="../../ui/train_dialog.py" line="295" />
            <source>Lithoscope</source>
            <translation>Lithoscope</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="116" />
            <source>Classify raster…</source>
            <translation>栅格分类…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="118" />
            <source>Classify a raster with a deep-learning model (ONNX)</source>
            <translation>使用深度学习模型（ONNX）对栅格进行分类</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="125" />
            <source>Landslide susceptibility…</source>
            <translation>滑坡易发性…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="129" />
            <source>Build factors, train on a landslide inventory, validate and map landslide susceptibility</source>
            <translation>构建评价因子，基于滑坡编录训练模型，验证并制作滑坡易发性图</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="134" />
            <source>Sequence models…</source>
            <translation>序列模型…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="137" />
            <source>Run a sequence model (LSTM, GRU) per pixel of a time stack, per monitoring point or per well depth</source>
            <translation>逐像元（时序栅格堆栈）、逐监测点或逐测井深度运行序列模型（LSTM、GRU）</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="142" />
            <source>Inspect series</source>
            <translation>查看序列</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="145" />
            <source>Click a pixel or feature of the active layer to plot its series with the sequence model's prediction</source>
            <translation>点击当前图层的像元或要素，绘制其时间序列及序列模型的预测结果</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="151" />
            <location filename="../../ui/settings_page.py" line="98" />
            <source>Model manager…</source>
            <translation>模型管理器…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="153" />
            <source>The shipped models and yours: model cards, contracts, import, metadata</source>
            <translation>随插件提供的模型和您自己的模型：模型卡、契约、导入、元数据</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="157" />
            <source>Train a model…</source>
            <translation>训练模型…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="160" />
            <source>Train a deep model on your own layers: maps from labels, sequences, well-log facies</source>
            <translation>用您自己的图层训练深度模型：由标注生成地图、序列、测井相</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="165" />
            <source>Encode and fill voids…</source>
            <translation>编码与填补空洞…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="168" />
            <source>Autoencoder latent bands, anomaly maps and landform units; DEM void filling</source>
            <translation>自编码器潜在波段、异常图与地貌单元；DEM 空洞填补</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="173" />
            <location filename="../../plugin.py" line="201" />
            <location filename="../../ui/settings_page.py" line="98" />
            <source>Dependencies…</source>
            <translation>依赖项…</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="175" />
            <source>The optional Python packages Lithoscope uses, and how to install them</source>
            <translation>Lithoscope 使用的可选 Python 包及其安装方法</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="196" />
            <source>Missing Python packages: {list}. Install them from Dependencies… (Raster &gt; Lithoscope).</source>
            <translation>缺少 Python 包：{list}。请通过“依赖项…”安装（栅格 &gt; Lithoscope）。</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="197" />
            <source>{name} (for {needed_by})</source>
            <translation>{name}（用于{needed_by}）</translation>
        </message>
        <message>
            <location filename="../../plugin.py" line="305" />
            <source>Choose a sequence model first (Sequence models…), then click Inspect series again.</source>
            <translation>请先选择序列模型（序列模型…），然后再次点击“查看序列”。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="63" />
            <source>{what} must be a comma-separated list of numbers, got '{text}'.</source>
            <translation>{what} 必须是以逗号分隔的数字列表，当前为“{text}”。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="85" />
            <source>The Dask scheduler address '{address}' is not valid; give it as tcp://host:port, as `dask scheduler` prints it (e.g. tcp://192.168.1.10:8786), or leave it empty to start local workers.</source>
            <translation>Dask 调度器地址“{address}”无效；请按 tcp://主机:端口 的形式填写，即 `dask scheduler` 输出的地址（例如 tcp://192.168.1.10:8786），或留空以启动本地工作进程。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="128" />
            <source>Deep learning</source>
            <translation>深度学习</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="205" />
            <source>Output activation (turns logits into probabilities)</source>
            <translation>输出激活函数（将 logits 转换为概率）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="207" />
            <source>From the model's metadata</source>
            <translation>取自模型元数据</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="208" />
            <source>None (the model outputs probabilities)</source>
            <translation>无（模型直接输出概率）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="209" />
            <location filename="../../ui/classify_dialog.py" line="323" />
            <source>Softmax (several classes)</source>
            <translation>Softmax（多类别）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="210" />
            <source>Sigmoid (one class)</source>
            <translation>Sigmoid（单类别）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="220" />
            <source>Where the model gives NaN or infinity</source>
            <translation>模型输出 NaN 或无穷大时</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="221" />
            <location filename="../../ui/classify_dialog.py" line="331" />
            <source>Stop the run</source>
            <translation>停止运行</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="221" />
            <source>Write nodata there and warn with the count</source>
            <translation>在该处写入无数据值，并在警告中给出数量</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="238" />
            <source>Limit to extent</source>
            <translation>限定在范围内</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="241" />
            <source>Limit to polygons</source>
            <translation>限定在多边形内</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="268" />
            <source>The extent cannot be transformed to the raster's CRS ({crs}): {error}</source>
            <translation>无法将范围转换到栅格的坐标参考系（{crs}）：{error}</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="283" />
            <source>The mask layer has no coordinate reference system, so its polygons cannot be placed on the raster. Assign one (layer Properties &gt; Source &gt; Assigned coordinate reference system) and run again.</source>
            <translation>掩膜图层没有坐标参考系，其多边形无法与栅格对应。请为其指定坐标参考系（图层属性 &gt; 源 &gt; 指定的坐标参考系）后重新运行。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="295" />
            <location filename="../../processing/sequence.py" line="76" />
            <source>Cancelled by the user; no output was written.</source>
            <translation>已被用户取消；未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="307" />
            <source>The mask layer has no polygons (or none selected); nothing would be processed. Choose a mask layer with polygons, select some, or leave the mask empty to process the whole raster.</source>
            <translation>掩膜图层没有多边形（或未选中任何多边形），不会处理任何区域。请选择含多边形的掩膜图层、选中部分多边形，或将掩膜留空以处理整幅栅格。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="312" />
            <source>Limited to {n} mask polygon(s)</source>
            <translation>限定在 {n} 个掩膜多边形内</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="321" />
            <source>Further layers stacked after the input's bands (rasters and vectors)</source>
            <translation>附加图层，叠加在输入图层波段之后（栅格和矢量）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="329" />
            <source>Field whose values the vector layers burn (empty = 1 inside features, 0 outside)</source>
            <translation>矢量图层烧录所用的字段（留空 = 要素内为 1，要素外为 0）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="336" />
            <source>Categorical bands of the stack (e.g. 3,4; empty = the vector layers)</source>
            <translation>堆栈中的分类型波段（例如 3,4；留空 = 矢量图层）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="350" />
            <source>Categorical bands</source>
            <translation>分类型波段</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="357" />
            <source>Categorical bands lists band {n}, but the stack has {total} band(s): bands 1 to {last} are the input's, then come the further layers (each raster with its bands, each vector layer with one). Give band numbers from 1 to {total}.</source>
            <translation>分类型波段中列出了第 {n} 波段，但堆栈只有 {total} 个波段：第 1 至 {last} 波段属于输入栅格，其后是附加图层（每个栅格按其波段数计，每个矢量图层计 1 个）。请填写 1 至 {total} 之间的波段号。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="369" />
            <source>No further layers were given; the vector field is not used.</source>
            <translation>未提供附加图层；矢量字段不起作用。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="375" />
            <source>None of the further layers is a vector layer; the vector field is not used.</source>
            <translation>附加图层中没有矢量图层；矢量字段不起作用。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="387" />
            <source>Tile size in pixels (0 = from the model)</source>
            <translation>瓦片大小，单位为像元（0 = 由模型决定）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="393" />
            <source>Tile overlap in pixels (-1 = from the model)</source>
            <translation>瓦片重叠，单位为像元（-1 = 由模型决定）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="396" />
            <location filename="../../ui/classify_dialog.py" line="314" />
            <source>Tiles per batch</source>
            <translation>每批瓦片数</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="400" />
            <location filename="../../processing/sequence.py" line="200" />
            <location filename="../../ui/classify_dialog.py" line="319" />
            <location filename="../../ui/settings_page.py" line="61" />
            <source>Device</source>
            <translation>计算设备</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="401" />
            <location filename="../../processing/sequence.py" line="201" />
            <location filename="../../ui/classify_dialog.py" line="316" />
            <location filename="../../ui/settings_page.py" line="58" />
            <source>Automatic (GPU if available)</source>
            <translation>自动（如有 GPU 则使用 GPU）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="401" />
            <location filename="../../processing/sequence.py" line="201" />
            <location filename="../../ui/classify_dialog.py" line="316" />
            <location filename="../../ui/settings_page.py" line="58" />
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="401" />
            <location filename="../../processing/sequence.py" line="201" />
            <location filename="../../ui/classify_dialog.py" line="316" />
            <location filename="../../ui/settings_page.py" line="58" />
            <source>CUDA GPU</source>
            <translation>CUDA GPU</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="405" />
            <location filename="../../processing/sequence.py" line="209" />
            <source>CPU threads (0 = all)</source>
            <translation>CPU 线程数（0 = 全部）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="409" />
            <source>Executor</source>
            <translation>执行器</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="410" />
            <source>Local (threads in this process)</source>
            <translation>本地（本进程内的线程）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="410" />
            <source>Dask (a cluster, or local worker processes)</source>
            <translation>Dask（集群或本地工作进程）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="415" />
            <source>Dask scheduler address (e.g. tcp://host:8786; empty = start local workers)</source>
            <translation>Dask 调度器地址（例如 tcp://host:8786；留空 = 启动本地工作进程）</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="420" />
            <source>Local Dask worker processes</source>
            <translation>本地 Dask 工作进程数</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="435" />
            <source>A Dask scheduler was given but the executor is local; running here (choose the Dask executor).</source>
            <translation>已提供 Dask 调度器地址，但执行器为本地；将在本机运行（如需使用请选择 Dask 执行器）。</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="440" />
            <source>Executor: Dask cluster at {address}</source>
            <translation>执行器：位于 {address} 的 Dask 集群</translation>
        </message>
        <message>
            <location filename="../../processing/algorithm.py" line="442" />
            <source>Executor: Dask, {n} local worker process(es)</source>
            <translation>执行器：Dask，{n} 个本地工作进程</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="71" />
            <source>Build susceptibility factors</source>
            <translation>构建易发性评价因子</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="74" />
            <source>landslide,susceptibility,factors,slope,curvature,twi,distance,lithology,dem,terrain</source>
            <translation>滑坡,易发性,评价因子,坡度,曲率,地形湿度指数,距离,岩性,数字高程模型,地形,landslide,susceptibility,factors,slope,curvature,twi,distance,lithology,dem,terrain</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="77" />
            <source>Puts the factors of a landslide susceptibility model on one grid and writes them as one multi-band GeoTIFF (float32, one band per factor, named after it; nodata is NaN).

Grid: that of the reference raster (else the DEM, else the first factor raster), limited to the extent; or, with a cell size, a grid of that cell size over the extent (or the reference's) in the chosen CRS (or the reference's).

Terrain factors from a DEM (elevations in metres, projected grid): slope (degrees), aspect as sine and cosine, plan and profile curvature (1/m, positive where convex), roughness, topographic position index, flow accumulation (D8, upslope area in m²; catchments are counted up to the flow halo beyond each window, longer ones are cut) and the topographic wetness index.

Rasters on any grid and CRS are resampled onto the grid: bilinear for continuous factors, nearest neighbour for categorical ones (their codes are kept). Distance to the features of vector layers (faults, rivers, roads) is exact up to the maximum distance and reads as that maximum beyond it. Polygon fields (lithology) are burned as categories: numbers as they are, text as codes 1..n in sorted order; to map with a model trained on other factors, give that model as 'Text codes from model' so that each text gets the code it had in training.

Pixels without data stay NaN and are counted per factor in the log; with 'Fill missing pixels' they take the factor's median (categorical: its most common code).</source>
            <translation>将滑坡易发性模型的各评价因子统一到同一网格上，写出为一个多波段 GeoTIFF（float32，每个因子一个波段，波段以因子命名；无数据值为 NaN）。

网格：采用参考栅格的网格（若无则用 DEM，再无则用第一个因子栅格），并限定在指定范围内；若给定像元大小，则在所选坐标参考系（或参考栅格的坐标参考系）中，按该像元大小在指定范围（或参考栅格的范围）上建立网格。

由数字高程模型（DEM，高程单位为米，投影坐标网格）计算的地形因子：坡度（度）、以正弦和余弦表示的坡向、平面曲率和剖面曲率（1/m，凸起处为正）、地表粗糙度、地形位置指数、汇流累积量（D8，上坡汇水面积，单位 m²；流域只统计到各窗口外的汇流缓冲区为止，更长的会被截断）以及地形湿度指数。

任意网格和坐标参考系的栅格都会重采样到该网格：连续型因子采用双线性插值，分类型因子采用最邻近法（保留其编码）。到矢量图层要素（断层、河流、道路）的距离在最大距离以内是精确值，超出部分取该最大值。多边形字段（岩性）按类别烧录：数值保持原值，文本按排序后编码为 1..n；若要用基于其他因子训练的模型制图，请将该模型填入“模型中的文本编码”，使每个文本得到其训练时的编码。

无数据的像元保持为 NaN，并在日志中按因子统计数量；勾选“填补缺失像元”时，以该因子的中位数填补（分类型因子取最常见编码）。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="103" />
            <source>Fill missing pixels (median; categorical: most common code)</source>
            <translation>填补缺失像元（中位数；分类型取最常见编码）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="107" />
            <source>Factors</source>
            <translation>评价因子</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="113" />
            <source>Reference raster (its grid; default: the DEM)</source>
            <translation>参考栅格（采用其网格；默认：DEM）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="116" />
            <source>CRS of the grid (with a cell size)</source>
            <translation>网格的坐标参考系（需给定像元大小）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="117" />
            <source>Extent of the grid</source>
            <translation>网格范围</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="121" />
            <source>Cell size in CRS units (0 = that of the reference)</source>
            <translation>像元大小，以坐标参考系单位计（0 = 与参考栅格相同）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="130" />
            <location filename="../../ui/susceptibility_dialog.py" line="449" />
            <source>DEM (terrain factors)</source>
            <translation>DEM（用于地形因子）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="134" />
            <location filename="../../ui/susceptibility_dialog.py" line="460" />
            <source>Terrain factors</source>
            <translation>地形因子</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="143" />
            <source>Continuous factor rasters</source>
            <translation>连续型因子栅格</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="149" />
            <source>Categorical factor rasters (land cover, geology codes)</source>
            <translation>分类型因子栅格（土地覆盖、地质编码）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="160" />
            <source>Distance to the features of (faults, rivers, roads)</source>
            <translation>到以下图层要素的距离（断层、河流、道路）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="168" />
            <source>Maximum distance (m; farther reads as this)</source>
            <translation>最大距离（m；更远处取该值）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="177" />
            <source>Polygons with fields (lithology, rock strength)</source>
            <translation>带字段的多边形（岩性、岩石强度）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="185" />
            <source>Fields of the polygons (one factor each: text as classes, numbers as they are)</source>
            <translation>多边形字段（每个字段一个因子：文本作为类别，数值保持原值）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="194" />
            <source>Numeric fields among them that hold class codes (categorical)</source>
            <translation>其中存放类别编码的数值字段（分类型）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="207" />
            <source>Topographic position radius in m (0 = 10 cells)</source>
            <translation>地形位置半径，单位 m（0 = 10 个像元）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="214" />
            <source>Flow halo in cells (catchments counted this far beyond each window)</source>
            <translation>汇流缓冲区，单位为像元（在每个窗口外统计流域的范围）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="221" />
            <source>Text codes from model (polygon fields coded as in its training)</source>
            <translation>模型中的文本编码（多边形字段按该模型训练时的方式编码）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="227" />
            <source>Allow a grid of more than 400 million cells (refused otherwise: most often a cell-size typo)</source>
            <translation>允许超过 4 亿个像元的网格（否则拒绝：多数情况是像元大小输错了）</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="251" />
            <source>A DEM was given but no terrain factor was chosen; choose some.</source>
            <translation>已提供 DEM，但未选择任何地形因子；请选择。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="279" />
            <source>Choose the field(s) of '{name}' to burn (e.g. the lithology).</source>
            <translation>请选择“{name}”中要烧录的字段（例如岩性）。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="286" />
            <source>The categorical field(s) {names} are not among the fields to burn; add them there too.</source>
            <translation>分类型字段 {names} 不在要烧录的字段中；请同时添加到那里。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="296" />
            <source>No factors were given; add a DEM, factor rasters, layers to measure distances to, or polygons.</source>
            <translation>未提供任何评价因子；请添加 DEM、因子栅格、用于计算距离的图层或多边形。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="313" />
            <source>Factors: {names}</source>
            <translation>评价因子：{names}</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="330" />
            <source>The model '{path}' records no text codes (factor_text_codes); train it again with Lithoscope, or leave 'Text codes from model' empty.</source>
            <translation>模型“{path}”没有记录文本编码（factor_text_codes）；请用 Lithoscope 重新训练，或将“模型中的文本编码”留空。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="349" />
            <source>Give a reference raster (or a DEM or factor raster), or a CRS, an extent and a cell size.</source>
            <translation>请提供参考栅格（或 DEM、因子栅格），或者提供坐标参考系、范围和像元大小。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="356" />
            <source>Give the extent of the grid, or a reference raster.</source>
            <translation>请提供网格范围，或提供参考栅格。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="359" />
            <source>Grid: {cell:g} units in {crs}</source>
            <translation>网格：{cell:g} 单位，{crs}</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="363" />
            <source>Give a cell size for the grid, or a reference raster.</source>
            <translation>请提供网格的像元大小，或提供参考栅格。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="366" />
            <source>The CRS {crs} differs from that of the reference raster '{name}'; give a cell size to build a grid in that CRS, or leave the CRS empty.</source>
            <translation>坐标参考系 {crs} 与参考栅格“{name}”的不同；请给定像元大小以在该坐标参考系中建立网格，或将坐标参考系留空。</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="371" />
            <source>Grid of '{name}'</source>
            <translation>“{name}”的网格</translation>
        </message>
        <message>
            <location filename="../../processing/buildfactors.py" line="397" />
            <source>The extent of '{name}' cannot be transformed to {crs}: {error}</source>
            <translation>无法将“{name}”的范围转换到 {crs}：{error}</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="87" />
            <source>Could not apply the style {path}: {message}</source>
            <translation>无法应用样式 {path}：{message}</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="96" />
            <source>{layer} probabilities</source>
            <translation>{layer} 类别概率</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="98" />
            <source>{layer} class polygons</source>
            <translation>{layer} 类别多边形</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="100" />
            <source>{layer} probability</source>
            <translation>{layer} 概率</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="101" />
            <source>{layer} values</source>
            <translation>{layer} 数值</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="102" />
            <source>{layer} latent features</source>
            <translation>{layer} 潜在特征</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="103" />
            <source>{layer} filled</source>
            <translation>{layer} 填补结果</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="105" />
            <source>{layer} classes</source>
            <translation>{layer} 类别</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="126" />
            <source>Classify raster</source>
            <translation>栅格分类</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="129" />
            <source>deep learning,onnx,cnn,classification,segmentation,lithology,geology,model,scikit-learn,dask</source>
            <translation>深度学习,分类,语义分割,岩性,地质,模型,deep learning,onnx,cnn,classification,segmentation,lithology,geology,model,scikit-learn,dask</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="133" />
            <source>Runs a model (ONNX) over a raster and maps what it recognises: for example lithology from terrain, or land cover from imagery.

The raster is cut into overlapping tiles that are classified one batch at a time and blended, so rasters of any size can be processed; pixels that are nodata in the input (or outside the chosen extent or mask polygons) stay nodata (255) in the class map.

Model: the name of a model shipped with Lithoscope or the path of an .onnx file. The model's metadata gives the class names and colours, the bands it expects and how to scale them; the advanced parameters override them (tile size, overlap, band offset and scale as x' = (x - offset) / scale). Besides CNNs, scikit-learn models exported with skl2onnx run pixel by pixel over the bands, and sequence models, autoencoders and generators run as their metadata says.

Further layers: rasters (any CRS and resolution, resampled onto the input's grid) and vector layers (burned as 1 inside features and 0 outside, or the values of a field) are stacked after the input's bands. Categorical bands (numbered through the whole stack) are resampled by nearest neighbour and never standardised.

Outputs: a class map (GeoTIFF, styled with the model's classes), optionally the probability of each class (one band per class, 0 to 1) and the class polygons (GeoPackage with class_id and class_name), ready for a geological map. Other models write their probability, values, latent features or filled raster to the first output.

Executor (advanced): local threads, or Dask: a cluster at the scheduler address, or local worker processes. Dask workers must read the input and model files at the same paths.

The inputs must be files (rasters GDAL reads, vector files OGR reads); save other layers as files first. Requires the Python package onnxruntime.</source>
            <translation>在栅格上运行模型（ONNX），将其识别的内容制成图件：例如由地形识别岩性，或由影像识别土地覆盖。

栅格被切分为相互重叠的瓦片，逐批分类后再融合拼接，因此可处理任意大小的栅格；输入中为无数据值的像元（或位于所选范围、掩膜多边形之外的像元）在分类图中仍为无数据值（255）。

模型：Lithoscope 自带模型的名称，或 .onnx 文件的路径。模型元数据给出类别名称和颜色、所需波段及其缩放方式；高级参数可覆盖这些设置（瓦片大小、重叠、波段偏移和缩放，按 x' = (x - offset) / scale 计算）。除 CNN 外，用 skl2onnx 导出的 scikit-learn 模型会在各波段上逐像元运行；序列模型、自编码器和生成模型按其元数据的说明运行。

附加图层：栅格（任意坐标参考系和分辨率，重采样到输入栅格的网格）和矢量图层（要素内烧录为 1、要素外为 0，或烧录某字段的值）叠加在输入栅格的波段之后。分类型波段（在整个堆栈中统一编号）采用最邻近法重采样，且从不做标准化。

输出：分类图（GeoTIFF，按模型的类别设置样式），可选输出各类别的概率（每个类别一个波段，取值 0 到 1）以及类别多边形（含 class_id 和 class_name 的 GeoPackage），可直接用于地质图。其他模型将其概率、数值、潜在特征或填补后的栅格写入第一个输出。

执行器（高级）：本地线程，或 Dask：位于调度器地址的集群，或本地工作进程。Dask 工作进程必须能以相同路径读取输入文件和模型文件。

输入必须是文件（GDAL 可读的栅格、OGR 可读的矢量文件）；其他图层请先另存为文件。需要 Python 包 onnxruntime。</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="162" />
            <location filename="../../processing/encode.py" line="204" />
            <source>Input raster</source>
            <translation>输入栅格</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="165" />
            <source>Model (shipped model name or path of an .onnx file)</source>
            <translation>模型（自带模型名称或 .onnx 文件路径）</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="169" />
            <source>A shipped model name ({names}) or the path of an ONNX model file.</source>
            <translation>自带模型名称（{names}）或 ONNX 模型文件的路径。</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="170" />
            <location filename="../../processing/susceptibility.py" line="601" />
            <source>none installed</source>
            <translation>未安装</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="176" />
            <source>Bands to use, in the model's order (e.g. 1,2,3; empty = all)</source>
            <translation>使用的波段，按模型要求的顺序（例如 1,2,3；留空 = 全部）</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="184" />
            <source>Band offsets, one per band (override the model's scaling)</source>
            <translation>波段偏移，每个波段一个（覆盖模型的缩放设置）</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="187" />
            <source>Band scales, one per band (override the model's scaling)</source>
            <translation>波段缩放，每个波段一个（覆盖模型的缩放设置）</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="191" />
            <source>Input nodata value (overrides the raster's)</source>
            <translation>输入无数据值（覆盖栅格自身的设置）</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="198" />
            <location filename="../../ui/classify_dialog.py" line="292" />
            <source>Class map</source>
            <translation>分类图</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="201" />
            <location filename="../../processing/sequence.py" line="320" />
            <location filename="../../ui/classify_dialog.py" line="293" />
            <location filename="../../ui/sequence_dialog.py" line="548" />
            <source>Class probabilities</source>
            <translation>类别概率</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="207" />
            <location filename="../../ui/classify_dialog.py" line="296" />
            <source>Class polygons</source>
            <translation>类别多边形</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="215" />
            <source>Output kind (classes, probability, values, latent or filled)</source>
            <translation>输出类型（类别、概率、数值、潜在特征或填补结果）</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="232" />
            <source>class map</source>
            <translation>分类图</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="232" />
            <source>probabilities</source>
            <translation>概率</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="235" />
            <source>The {what} output must be a GeoTIFF (.tif): {path}</source>
            <translation>{what}输出必须是 GeoTIFF（.tif）：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="239" />
            <source>The class polygons output must be a GeoPackage (.gpkg): {path}</source>
            <translation>类别多边形输出必须是 GeoPackage（.gpkg）：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="242" />
            <location filename="../../ui/classify_dialog.py" line="261" />
            <location filename="../../ui/model_manager.py" line="444" />
            <source>Bands</source>
            <translation>波段</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="243" />
            <location filename="../../processing/set_metadata.py" line="162" />
            <source>Band offsets</source>
            <translation>波段偏移</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="244" />
            <location filename="../../processing/set_metadata.py" line="163" />
            <source>Band scales</source>
            <translation>波段缩放</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="249" />
            <source>band {band} of '{layer}'</source>
            <translation>“{layer}”的第 {band} 波段</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="282" />
            <location filename="../../processing/sequence.py" line="366" />
            <source>This model gives no class probabilities; that output was not written.</source>
            <translation>该模型不输出类别概率；未写出该结果。</translation>
        </message>
        <message>
            <location filename="../../processing/classify.py" line="289" />
            <source>This model gives no classes; no polygons were written.</source>
            <translation>该模型不输出类别；未写出多边形。</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="45" />
            <source>Train an autoencoder (latent features)</source>
            <translation>训练自编码器（潜在特征）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="48" />
            <location filename="../../processing/encode.py" line="189" />
            <source>autoencoder</source>
            <translation>自编码器</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="48" />
            <source>unsupervised</source>
            <translation>无监督</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="48" />
            <location filename="../../processing/encode.py" line="189" />
            <source>latent</source>
            <translation>潜在</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="48" />
            <location filename="../../processing/encode.py" line="189" />
            <source>anomaly</source>
            <translation>异常</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="48" />
            <location filename="../../processing/encode.py" line="189" />
            <source>landform</source>
            <translation>地貌</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="51" />
            <source>Trains an autoencoder, without labels, on the pixels of a raster or aligned rasters (a DEM and its terrain derivatives, imagery, a factor stack): each pixel's bands are squeezed into a few latent values and rebuilt from them. Optional terrain factors of the first raster (a DEM in metres) are computed by the model itself, so it then runs on the DEM alone. Whole spatial blocks are held out; the report compares their reconstruction error with PCA of the same size. Categorical bands (class codes) are refused. Writes the ONNX model, its card (.md) and an HTML report; run it with Encode with an autoencoder.</source>
            <translation>在一个栅格或多个对齐栅格（DEM 及其地形派生量、影像、因子堆栈）的像元上无标注地训练自编码器：每个像元的各波段被压缩为少数几个潜在值，再由其重建。第一个栅格（以米为单位的 DEM）的可选地形因子由模型自行计算，因此之后仅凭 DEM 即可运行。整块空间区块被留出；报告将其重建误差与同样大小的 PCA 比较。分类波段（类别代码）会被拒绝。写出 ONNX 模型、其模型卡（.md）和 HTML 报告；用“用自编码器编码”运行它。</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="65" />
            <source>Input rasters (aligned, continuous bands, in order)</source>
            <translation>输入栅格（已对齐，连续波段，按顺序）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="71" />
            <location filename="../../processing/train.py" line="308" />
            <source>Terrain factors of the first raster (a DEM in metres), computed by the model itself</source>
            <translation>第一个栅格（以米为单位的 DEM）的地形因子，由模型自行计算</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="79" />
            <source>Latent bands (k)</source>
            <translation>潜在波段数（k）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="85" />
            <source>Spatial block side (pixels)</source>
            <translation>空间区块边长（像元）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="93" />
            <source>Training pixels (drawn from every block)</source>
            <translation>训练像元数（从每个区块抽取）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="101" />
            <location filename="../../processing/train_wells.py" line="111" />
            <source>Hidden units</source>
            <translation>隐藏单元数</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="106" />
            <source>Integer bands with few values are measurements, not class codes</source>
            <translation>取值较少的整数波段是测量值，而非类别代码</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="120" />
            <location filename="../../processing/train.py" line="398" />
            <source>Give at least one input raster.</source>
            <translation>请至少给出一个输入栅格。</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="134" />
            <source>Reading the training pixels…</source>
            <translation>正在读取训练像元…</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="148" />
            <source>Autoencoder trained on {layers}</source>
            <translation>在 {layers} 上训练的自编码器</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="186" />
            <source>Encode with an autoencoder (latent bands, anomalies, landform units)</source>
            <translation>用自编码器编码（潜在波段、异常、地貌单元）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="189" />
            <source>k-means</source>
            <translation>k 均值</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="189" />
            <source>clustering</source>
            <translation>聚类</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="192" />
            <source>Runs an autoencoder over a raster (and further continuous layers): writes its k latent bands, usable as susceptibility factors (Build susceptibility factors: continuous factor rasters), and the reconstruction error, an anomaly map (high where the ground differs from what the model learned). Optionally clusters the latent bands into landform units by k-means (K = 0: chosen by silhouette; the same SEED gives the same map), styled, with a table per unit: area (km²) and, with a DEM on the same grid, mean elevation, slope and curvatures. A terrain autoencoder that computes its own terrain factors takes the DEM alone, which is then also the DEM of the table. The shipped terrain_autoencoder (trained on public DEMs; see its card in the model manager) is the default model.</source>
            <translation>在栅格（及其他连续图层）上运行自编码器：写出其 k 个潜在波段（可用作易发性因子：构建易发性因子 → 连续因子栅格）和重建误差，即异常图（地面与模型所学不同之处值高）。可选地用 k-means 将潜在波段聚类为地貌单元（K = 0：按轮廓系数选择；相同的 SEED 得到相同的图），带样式，并附每个单元的表格：面积（km²），若有同一网格的 DEM，还有平均高程、坡度和曲率。自行计算地形因子的地形自编码器只需输入 DEM，该 DEM 也即表格所用的 DEM。默认模型为随插件提供的 terrain_autoencoder（在公开 DEM 上训练；其模型卡见模型管理器）。</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="208" />
            <source>Autoencoder (shipped model name or path of an .onnx file)</source>
            <translation>自编码器（随附模型名称或 .onnx 文件路径）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="211" />
            <source>Further continuous layers stacked after the input's bands</source>
            <translation>叠加在输入波段之后的其他连续图层</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="212" />
            <source>Latent bands</source>
            <translation>潜在波段</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="214" />
            <source>Reconstruction error (anomalies)</source>
            <translation>重建误差（异常）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="218" />
            <source>Landform units</source>
            <translation>地貌单元</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="223" />
            <source>Landform unit table</source>
            <translation>地貌单元表</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="223" />
            <location filename="../../processing/sequence.py" line="627" />
            <location filename="../../ui/sequence_dialog.py" line="667" />
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="229" />
            <source>Landform units (0: chosen by silhouette)</source>
            <translation>地貌单元数（0：按轮廓系数选择）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="235" />
            <location filename="../../processing/susceptibility.py" line="319" />
            <location filename="../../processing/train.py" line="149" />
            <location filename="../../ui/susceptibility_dialog.py" line="570" />
            <source>Random seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="240" />
            <source>DEM for the unit table (on the input's grid)</source>
            <translation>用于单元表的 DEM（在输入的格网上）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="246" />
            <location filename="../../processing/train.py" line="156" />
            <location filename="../../processing/voids.py" line="62" />
            <source>CPU threads (0: all)</source>
            <translation>CPU 线程数（0：全部）</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="267" />
            <source>The unit table needs the landform units output; give OUTPUT_UNITS too.</source>
            <translation>单元表需要地貌单元输出；请同时给出 OUTPUT_UNITS。</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="277" />
            <source>{layer} latent bands</source>
            <translation>{layer} 潜在波段</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="278" />
            <source>{layer} reconstruction error</source>
            <translation>{layer} 重建误差</translation>
        </message>
        <message>
            <location filename="../../processing/encode.py" line="295" />
            <source>{layer} landform units</source>
            <translation>{layer} 地貌单元</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="35" />
            <source>The raster '{name}' is not a local file that GDAL can read (provider '{provider}'). Save it as a GeoTIFF first (right-click the layer &gt; Export &gt; Save As…) and run again with that file.</source>
            <translation>栅格“{name}”不是 GDAL 可读取的本地文件（数据提供者“{provider}”）。请先将其另存为 GeoTIFF（右键点击图层 &gt; 导出 &gt; 另存为…），再用该文件重新运行。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="52" />
            <source>The vector layer '{name}' is not a local file (provider '{provider}'). Save it as a GeoPackage first (right-click the layer &gt; Export &gt; Save Features As…) and run again with that file.</source>
            <translation>矢量图层“{name}”不是本地文件（数据提供者“{provider}”）。请先将其另存为 GeoPackage（右键点击图层 &gt; 导出 &gt; 要素另存为…），再用该文件重新运行。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="60" />
            <source>The vector layer '{name}' has a filter ({subset}), but Lithoscope reads all features of the file. Save the filtered features as a new layer (right-click the layer &gt; Export &gt; Save Features As…) and use that one.</source>
            <translation>矢量图层“{name}”设置了过滤条件（{subset}），但 Lithoscope 会读取文件中的全部要素。请将过滤后的要素另存为新图层（右键点击图层 &gt; 导出 &gt; 要素另存为…）后使用该图层。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="117" />
            <source>The vector layer '{name}' has no field '{field}' (its fields: {fields}). Give a field that every vector layer has, or leave the vector field empty to burn 1 inside features, 0 outside.</source>
            <translation>矢量图层“{name}”没有字段“{field}”（其字段为：{fields}）。请填写所有矢量图层都有的字段，或将矢量字段留空，以要素内烧录 1、要素外为 0。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="126" />
            <source>The layer '{name}' is neither a raster nor a vector layer with geometries; the further layers may be rasters and vector layers only.</source>
            <translation>图层“{name}”既不是栅格，也不是带几何的矢量图层；附加图层只能是栅格和矢量图层。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="205" />
            <source>'{name}' is the name of a model shipped with Lithoscope, not a file, and shipped models are not changed. Give the path of a model file (a copy of {file} in your own folder, say), or give an OUTPUT file to write a described copy.</source>
            <translation>“{name}”是 Lithoscope 自带模型的名称，不是文件，自带模型不会被修改。请提供模型文件的路径（例如将 {file} 复制到您自己的文件夹），或提供 OUTPUT 文件以写出带说明的副本。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="212" />
            <source>The file {path} does not exist; check the path, or choose the file again.</source>
            <translation>文件 {path} 不存在；请检查路径，或重新选择文件。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="216" />
            <source>The file '{name}' is empty (0 bytes): it was not written completely. Save or export it again, or choose another file.</source>
            <translation>文件“{name}”为空（0 字节）：未完整写出。请重新保存或导出，或选择其他文件。</translation>
        </message>
        <message>
            <location filename="../../processing/layers.py" line="268" />
            <source>The output '{output}' ({path}) is also the input '{input}': writing it would overwrite the input. Choose another file name for the output.</source>
            <translation>输出“{output}”（{path}）同时也是输入“{input}”：写出会覆盖输入。请为输出另选文件名。</translation>
        </message>
        <message>
            <location filename="../../processing/provider.py" line="27" />
            <source>Lithoscope: deep learning for geology</source>
            <translation>Lithoscope：面向地质的深度学习</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="68" />
            <source>The table has no field {names}; its fields: {fields}. Choose fields of the table.</source>
            <translation>表中没有字段 {names}；其字段为：{fields}。请选择表中的字段。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="69" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="123" />
            <source>sequence,time series,lstm,gru,forecast,well logs,facies,insar,ndvi,onnx</source>
            <translation>序列,时间序列,预测,测井,岩相,sequence,time series,lstm,gru,forecast,well logs,facies,insar,ndvi,onnx</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="127" />
            <source>Sequence model (shipped model name or path of an .onnx file)</source>
            <translation>序列模型（自带模型名称或 .onnx 文件路径）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="135" />
            <source>Date format of the names (e.g. %Y%m%d; empty = common formats such as 2020-01-31)</source>
            <translation>名称中的日期格式（例如 %Y%m%d；留空 = 常见格式，如 2020-01-31）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="144" />
            <source>Plots written (PNG files, ';'-separated)</source>
            <translation>已写出的图件（PNG 文件，以“;”分隔）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="157" />
            <source>Prefix of the new field names (e.g. seq_), for a layer that already has fields of those names that Lithoscope did not write</source>
            <translation>新字段名前缀（例如 seq_），用于图层中已有同名但非 Lithoscope 写入的字段的情况</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="176" />
            <source> (the same file as the input layer)</source>
            <translation>（与输入图层为同一文件）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="178" />
            <source>The layer '{name}'{same} is being edited; save or discard its edits (toggle editing off), then run again, or write the results to a copy.</source>
            <translation>图层“{name}”{same}正处于编辑状态；请保存或放弃其编辑（关闭编辑模式）后重新运行，或将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="217" />
            <source>Feature offsets, one per feature or one for all (override the model's scaling)</source>
            <translation>特征偏移，每个特征一个或全部共用一个（覆盖模型的缩放设置）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="218" />
            <source>Feature scales, one per feature or one for all (override the model's scaling)</source>
            <translation>特征缩放，每个特征一个或全部共用一个（覆盖模型的缩放设置）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="226" />
            <location filename="../../ui/sequence_dialog.py" line="242" />
            <location filename="../../ui/sequence_dialog.py" line="482" />
            <location filename="../../ui/sequence_dialog.py" line="492" />
            <source>Feature offsets</source>
            <translation>特征偏移</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="229" />
            <location filename="../../ui/sequence_dialog.py" line="243" />
            <location filename="../../ui/sequence_dialog.py" line="482" />
            <source>Feature scales</source>
            <translation>特征缩放</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="274" />
            <source>Sequence model over a time stack (per pixel)</source>
            <translation>时序栅格堆栈上的序列模型（逐像元）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="277" />
            <source>Runs a sequence model (an LSTM, GRU or other ONNX model taking series (N, T, F)) over the series of each pixel of a time stack: a multi-band raster whose bands are dates (NDVI, displacement, rainfall), or single-date rasters given in date order. It writes a class map (with probabilities), a probability, or a forecast raster with one band per horizon step, as the model says.

Dates: the Dates parameter (one per band, comma-separated), else the band descriptions or file names when they are dates; they must be in order and given once. They are logged and stored in the output's metadata.

The model's metadata says how a series is prepared: its length, every k-th step, first differences, scaling, and what to do with nodata steps (mask the pixel, interpolate, or refuse). The log counts the pixels interpolated and masked.

Plots (unless Plots is off): &lt;result&gt;_series.png beside the result, written with it: the mean and spread of the series of each predicted class (from up to 2,000 sampled pixels), or a few sample pixels' series with their forecast.</source>
            <translation>在时序栅格堆栈每个像元的时间序列上运行序列模型（LSTM、GRU 或其他输入为序列 (N, T, F) 的 ONNX 模型）：时序栅格堆栈可以是波段对应日期的多波段栅格（NDVI、形变、降雨），也可以是按日期顺序给出的单期栅格。根据模型的设定，输出分类图（含概率）、概率图，或每个预测步长一个波段的预测栅格。

日期：取自“日期”参数（每个波段一个，以逗号分隔），否则在波段描述或文件名为日期时取自它们；日期必须按顺序排列且不得重复。日期会写入日志并保存在输出结果的元数据中。

模型元数据规定了序列的预处理方式：序列长度、每隔 k 步取样、一阶差分、缩放，以及无数据时间步的处理方式（掩膜该像元、插值或拒绝）。日志会统计被插值和被掩膜的像元数。

图件（除非关闭“图件”）：与结果一同写出的 &lt;result&gt;_series.png：每个预测类别的序列均值及离散范围（最多抽样 2,000 个像元），或若干样本像元的序列及其预测。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="297" />
            <source>Time stack (a raster whose bands are dates, or single-date rasters in date order)</source>
            <translation>时序栅格堆栈（波段对应日期的栅格，或按日期顺序排列的单期栅格）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="305" />
            <source>Dates of the bands, comma-separated (empty = from band descriptions or file names)</source>
            <translation>各波段的日期，以逗号分隔（留空 = 取自波段描述或文件名）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="315" />
            <source>Plot the series beside the result (&lt;result&gt;_series.png: class profiles, or sample pixels)</source>
            <translation>在结果旁绘制序列图（&lt;result&gt;_series.png：类别剖面或样本像元）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="317" />
            <location filename="../../ui/sequence_dialog.py" line="547" />
            <source>Result (classes or forecasts)</source>
            <translation>结果（类别或预测）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="332" />
            <source>Give the time stack: one raster, or several single-date rasters.</source>
            <translation>请提供时序栅格堆栈：一个栅格，或多个单期栅格。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="359" />
            <source>{layer} sequence result</source>
            <translation>{layer} 序列结果</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="363" />
            <source>{layer} sequence probabilities</source>
            <translation>{layer} 序列概率</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="387" />
            <source>Sequence model over features (monitoring points)</source>
            <translation>要素上的序列模型（监测点）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="390" />
            <source>Runs a sequence model over the series of each feature and writes a copy of the layer (GeoPackage) with new fields: the class and its probabilities, a probability, or forecasts, as the model says. The layer itself is changed only when you tick 'Write the fields onto the input layer' (GeoPackage or Shapefile layers only): the fields are then added to it, or updated if an earlier Lithoscope run wrote them, all in one transaction (a failure or a cancel leaves the file as it was); fields of those names that Lithoscope did not write are refused (give a field prefix). The log says when the input layer was changed.

Series come either from the layer's numeric fields whose names are dates (as ground-motion and GNSS exports have them; by default every such field, in field order, which must be date order), or from a long table with one row per id and time, joined to the layer by the id field (both must have it; table ids the layer lacks are refused). Series on different dates are aligned on all dates; missing values are gaps, handled as the model's metadata says (mask, interpolate or refuse).

Plots (unless Plots is off): &lt;copy&gt;_series.png beside the copy, with up to six features' series and their class or forecast.</source>
            <translation>在每个要素的时间序列上运行序列模型，并写出图层副本（GeoPackage），其中包含新字段：根据模型的设定，为类别及其概率、概率，或预测值。只有勾选“将字段写入输入图层”时（仅限 GeoPackage 或 Shapefile 图层）才会修改图层本身：字段将被添加到该图层，若之前的 Lithoscope 运行已写入这些字段则进行更新，全部在一个事务中完成（失败或取消时文件保持原样）；非 Lithoscope 写入的同名字段会被拒绝（请设置字段前缀）。日志会注明输入图层何时被修改。

序列的来源有两种：图层中以日期命名的数值字段（地表形变和 GNSS 导出数据通常如此；默认使用所有此类字段，按字段顺序，该顺序必须与日期顺序一致）；或长表，每个编号和时间一行，通过编号字段与图层连接（两者都须有该字段；图层中没有的表内编号会被拒绝）。不同日期的序列按全部日期对齐；缺失值视为间断，按模型元数据的规定处理（掩膜、插值或拒绝）。

图件（除非关闭“图件”）：在副本旁写出 &lt;copy&gt;_series.png，包含最多六个要素的序列及其类别或预测。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="410" />
            <location filename="../../ui/sequence_dialog.py" line="578" />
            <source>Features (monitoring points)</source>
            <translation>要素（监测点）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="417" />
            <location filename="../../processing/train_sequence.py" line="125" />
            <source>Date fields (empty = every numeric field named by a date)</source>
            <translation>日期字段（留空 = 所有以日期命名的数值字段）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="428" />
            <source>Long table (id, time, values) instead of date fields</source>
            <translation>以长表（编号、时间、数值）代替日期字段</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="434" />
            <location filename="../../processing/train_sequence.py" line="141" />
            <location filename="../../ui/sequence_dialog.py" line="592" />
            <source>Id field (in the table and the layer)</source>
            <translation>编号字段（表和图层中都有）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="435" />
            <location filename="../../processing/train_sequence.py" line="142" />
            <source>Time field of the table (dates or numbers)</source>
            <translation>表的时间字段（日期或数字）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="436" />
            <location filename="../../processing/train_sequence.py" line="143" />
            <source>Value fields of the table (the features per step)</source>
            <translation>表的数值字段（每个时间步的特征）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="445" />
            <source>Plot some features' series beside the copy (&lt;copy&gt;_series.png)</source>
            <translation>在副本旁绘制部分要素的序列图（&lt;copy&gt;_series.png）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="447" />
            <source>Write the fields onto the input layer itself instead of a copy (changes that layer's file)</source>
            <translation>将字段直接写入输入图层而不是副本（会修改该图层的文件）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="452" />
            <source>Copy with the model's fields (not written when writing onto the input layer)</source>
            <translation>含模型字段的副本（写入输入图层时不写出）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="473" />
            <source>Give the copy to write (OUTPUT), or choose to write the fields onto the input layer.</source>
            <translation>请指定要写出的副本（OUTPUT），或选择将字段写入输入图层。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="485" />
            <location filename="../../processing/train_sequence.py" line="306" />
            <source>A long table needs its id field, time field and value field(s).</source>
            <translation>长表需要编号字段、时间字段和数值字段。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="510" />
            <source>New fields: {fields}</source>
            <translation>新字段：{fields}</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="513" />
            <location filename="../../ui/sequence_dialog.py" line="978" />
            <source>{layer} sequence results</source>
            <translation>{layer} 序列结果</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="527" />
            <source>Or LAS files (one well each), or folders of .las files</source>
            <translation>或 LAS 文件（每个文件一口井），或包含 .las 文件的文件夹</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="533" />
            <source>Well id field of the table</source>
            <translation>表中的井编号字段</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="534" />
            <source>Depth field of the table</source>
            <translation>表中的深度字段</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="567" />
            <source>Sequence model over well logs (per depth)</source>
            <translation>测井曲线上的序列模型（逐深度）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="570" />
            <source>Predicts a facies or lithology (or whatever the model gives) at each depth sample of each well from a window of log samples centred on it (the model's sequence length; ends padded with the end sample).

Logs: a table with one row per well and depth and the log curves (a CSV or a layer without geometry), or LAS files (one well each; files, or folders of .las files). A LAS well's id is its WELL header item (else the file name), its depths the index curve (in its unit), its curves are chosen by mnemonic and its NULL value is no data. Depths must increase down each well (a LAS file logged upwards is turned over).

Outputs: a CSV with the well, the depth and the model's fields per sample and, given the well points and their id field, a copy of the points with the dominant class and the thickness of each class per well. Only when you tick 'Write the summary onto the well points' do the summary fields go onto the well points layer itself (GeoPackage or Shapefile; in one transaction, a failure or a cancel leaves it as it was; fields of those names that Lithoscope did not write are refused); the log says so.

Plots (unless Plots is off): a strip log per well beside the table, &lt;table&gt;_&lt;well&gt;.png: the curves against depth and the predicted classes in their class-map colours.</source>
            <translation>以每个深度采样点为中心取一段测井采样窗口（长度为模型的序列长度；两端以端点采样值填充），预测每口井每个深度采样点的岩相或岩性（或模型给出的其他结果）。

测井数据：每口井每个深度一行并含各测井曲线的表（CSV 或无几何的图层），或 LAS 文件（每个文件一口井；可为文件或包含 .las 文件的文件夹）。LAS 井的编号取其 WELL 头信息项（否则取文件名），深度取索引曲线（按其单位），曲线按助记符选择，其 NULL 值视为无数据。每口井的深度必须向下递增（向上测量的 LAS 文件会被翻转）。

输出：每个采样点一行的 CSV，含井、深度及模型字段；若提供井点及其编号字段，还会输出井点副本，含每口井的主要类别及各类别的厚度。只有勾选“将汇总写入井点图层”时，汇总字段才会写入井点图层本身（GeoPackage 或 Shapefile；在一个事务中完成，失败或取消时保持原样；非 Lithoscope 写入的同名字段会被拒绝）；日志会注明。

图件（除非关闭“图件”）：在表旁为每口井绘制测井柱状图 &lt;table&gt;_&lt;well&gt;.png：各曲线随深度的变化，以及按分类图颜色显示的预测类别。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="591" />
            <source>Well logs table (well, depth, curves)</source>
            <translation>测井数据表（井、深度、曲线）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="592" />
            <source>Log curves of the table, in the model's order</source>
            <translation>表中的测井曲线，按模型要求的顺序</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="593" />
            <source>LAS curve mnemonics, comma-separated in the model's order (empty = the model's band names)</source>
            <translation>LAS 曲线助记符，按模型顺序以逗号分隔（留空 = 模型的波段名称）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="600" />
            <location filename="../../processing/train_wells.py" line="116" />
            <source>Curve value meaning no data (e.g. -999.25)</source>
            <translation>表示无数据的曲线值（例如 -999.25）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="608" />
            <source>Well points (for the per-well summary)</source>
            <translation>井点（用于按井汇总）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="614" />
            <source>Well id field of the points (empty = the table's well field name)</source>
            <translation>井点的井编号字段（留空 = 与表中的井字段同名）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="621" />
            <source>Draw a strip log per well beside the table (&lt;table&gt;_&lt;well&gt;.png)</source>
            <translation>在表旁为每口井绘制测井柱状图（&lt;table&gt;_&lt;well&gt;.png）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="623" />
            <source>Write the summary onto the well points layer itself instead of a copy (changes that layer's file)</source>
            <translation>将汇总直接写入井点图层而不是副本（会修改该图层的文件）</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="627" />
            <source>Prediction per depth</source>
            <translation>逐深度预测结果</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="632" />
            <location filename="../../ui/sequence_dialog.py" line="670" />
            <source>Well points with the summary</source>
            <translation>含汇总的井点</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="670" />
            <location filename="../../ui/sequence_dialog.py" line="987" />
            <source>Wells with predicted facies</source>
            <translation>含预测岩相的井</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="681" />
            <location filename="../../processing/train_wells.py" line="144" />
            <source>Give the well logs either as a table or as LAS files, not both.</source>
            <translation>测井数据请以表或 LAS 文件之一的形式提供，不能同时提供。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="687" />
            <source>Give the well logs: a table (well, depth, curves) or LAS files.</source>
            <translation>请提供测井数据：表（井、深度、曲线）或 LAS 文件。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="694" />
            <location filename="../../processing/train_wells.py" line="157" />
            <source>A well logs table needs its well id field and its depth field.</source>
            <translation>测井数据表需要井编号字段和深度字段。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="696" />
            <location filename="../../ui/sequence_dialog.py" line="199" />
            <source>Choose the log curves the model takes, in its order.</source>
            <translation>请按模型要求的顺序选择其所需的测井曲线。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="723" />
            <source>Choose the well id field of the points (WELLS_FIELD); the ids of LAS wells are their WELL header items, else the file names.</source>
            <translation>请选择井点的井编号字段（WELLS_FIELD）；LAS 井的编号取其 WELL 头信息项，否则取文件名。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="730" />
            <source>Writing the summary onto the well points needs the well points (WELLS).</source>
            <translation>将汇总写入井点需要提供井点（WELLS）。</translation>
        </message>
        <message>
            <location filename="../../processing/sequence.py" line="732" />
            <source>No well points were given; the well summary layer is not written.</source>
            <translation>未提供井点；不写出井汇总图层。</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="40" />
            <source>task {task}, output {kind}</source>
            <translation>任务 {task}，输出 {kind}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="43" />
            <source>{n} classes: {names}</source>
            <translation>{n} 个类别：{names}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="46" />
            <source>bands: {names}</source>
            <translation>波段：{names}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="48" />
            <source>tile {size} px</source>
            <translation>瓦片 {size} px</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="50" />
            <source>version {version}</source>
            <translation>版本 {version}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="80" />
            <source>Set model metadata</source>
            <translation>设置模型元数据</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="83" />
            <source>Stores what a model expects and produces inside its ONNX file, so that it classifies a raster with the right bands, scaling, class names and colours without further settings.

Only the values you fill in are written; the model's other metadata is kept. Class names, colours (#rrggbb), band names, offsets and scales are comma-separated lists (one entry per class or band). Band scaling is in the raster's own units: x' = (x - offset) / scale. Further keys can be given as a JSON object (a value of null removes a key).

Leave the output empty to update the model file in place.</source>
            <translation>将模型的输入要求和输出内容保存在其 ONNX 文件中，使其无需额外设置即可用正确的波段、缩放、类别名称和颜色对栅格进行分类。

只写入您填写的值；模型的其他元数据保持不变。类别名称、颜色（#rrggbb）、波段名称、偏移和缩放均为以逗号分隔的列表（每个类别或波段一项）。波段缩放以栅格自身的单位计：x' = (x - offset) / scale。其他键可以用 JSON 对象给出（值为 null 表示删除该键）。

输出留空则直接更新模型文件。</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="96" />
            <source>Model (ONNX file)</source>
            <translation>模型（ONNX 文件）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="100" />
            <source>Class names (comma-separated, in output order)</source>
            <translation>类别名称（以逗号分隔，按输出顺序）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="101" />
            <source>Class colours (comma-separated #rrggbb)</source>
            <translation>类别颜色（以逗号分隔的 #rrggbb）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="102" />
            <source>Band names (comma-separated, in input order)</source>
            <translation>波段名称（以逗号分隔，按输入顺序）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="103" />
            <source>Band offsets (comma-separated, raster units)</source>
            <translation>波段偏移（以逗号分隔，栅格单位）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="104" />
            <source>Band scales (comma-separated, raster units)</source>
            <translation>波段缩放（以逗号分隔，栅格单位）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="109" />
            <source>Tile size in pixels</source>
            <translation>瓦片大小（像元）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="112" />
            <source>Tile overlap in pixels</source>
            <translation>瓦片重叠（像元）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="115" />
            <source>Output kind</source>
            <translation>输出类型</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="117" />
            <location filename="../../processing/train_sequence.py" line="157" />
            <location filename="../../ui/model_manager.py" line="103" />
            <location filename="../../ui/model_manager.py" line="225" />
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="119" />
            <source>Model version</source>
            <translation>模型版本</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="120" />
            <location filename="../../ui/model_manager.py" line="235" />
            <source>Description</source>
            <translation>描述</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="121" />
            <location filename="../../ui/model_manager.py" line="111" />
            <source>Licence</source>
            <translation>许可证</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="125" />
            <source>Further keys as a JSON object</source>
            <translation>其他键（JSON 对象）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="132" />
            <source>Model with metadata (empty = update the input in place)</source>
            <translation>含元数据的模型（留空 = 直接更新输入模型）</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="133" />
            <location filename="../../processing/susceptibility.py" line="417" />
            <location filename="../../processing/train.py" line="161" />
            <location filename="../../ui/common.py" line="337" />
            <location filename="../../ui/model_manager.py" line="383" />
            <source>ONNX models (*.onnx)</source>
            <translation>ONNX 模型 (*.onnx)</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="138" />
            <source>Summary</source>
            <translation>摘要</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="155" />
            <source>Class colours must be #rrggbb; these are not: {bad}</source>
            <translation>类别颜色必须为 #rrggbb；以下不符合：{bad}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="188" />
            <source>Further keys are not valid JSON: {error}</source>
            <translation>其他键不是有效的 JSON：{error}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="190" />
            <source>Further keys must be a JSON object, e.g. {"seg_thresh": 0.4}.</source>
            <translation>其他键必须是 JSON 对象，例如 {"seg_thresh": 0.4}。</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="200" />
            <source>Model file not found: {path}</source>
            <translation>未找到模型文件：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="206" />
            <source>The output {name} is not an ONNX file; give a file name ending in .onnx.</source>
            <translation>输出 {name} 不是 ONNX 文件；请给出以 .onnx 结尾的文件名。</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="212" />
            <source>No metadata was given; fill in at least one value.</source>
            <translation>未提供任何元数据；请至少填写一个值。</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="213" />
            <source>Writing keys: {keys}</source>
            <translation>写入的键：{keys}</translation>
        </message>
        <message>
            <location filename="../../processing/set_metadata.py" line="221" />
            <source>Cannot write the model file: {error}</source>
            <translation>无法写入模型文件：{error}</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="91" />
            <source>Give the landslide inventory once: as points or polygons (INVENTORY) or as a raster with 1 = landslide (INVENTORY_RASTER), not both.</source>
            <translation>滑坡编录只能提供一次：以点或多边形（INVENTORY）或以 1 = 滑坡的栅格（INVENTORY_RASTER）提供，不能同时提供。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="181" />
            <source>Train landslide susceptibility model</source>
            <translation>训练滑坡易发性模型</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="184" />
            <source>landslide,susceptibility,hazard,random forest,logistic,frequency ratio,cross-validation,auc</source>
            <translation>滑坡,易发性,危险性,随机森林,逻辑回归,信息量,频率比,交叉验证,landslide,susceptibility,hazard,random forest,logistic,frequency ratio,cross-validation,auc</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="189" />
            <source>Trains a landslide susceptibility model on a factors raster (one band per factor, e.g. from Build susceptibility factors) and a landslide inventory, validates it and writes it as an ONNX model that Landslide susceptibility map (and Classify raster) runs.

Inventory: landslide points or polygons in any CRS (a polygon gives the pixels whose centre lies inside it), or, as the raster inventory, a raster where 1 marks landslides. Absences are drawn at random outside a buffer around the landslides (default 2 cells), inside the study area if given, ABSENCE_RATIO times as many as landslides, reproducibly from SEED. With a label field (1 = landslide, 0 = not) the points are used as given.

Mapping units (slope units or any polygons): each unit is one sample. Its factors: the factors raster per unit (mean of continuous factors, with their standard deviation if asked; majority of categorical ones), the unit layer's own fields (numbers as they are, text and fields marked categorical as classes) and its area, perimeter and compactness if asked; with the units' own fields, the factors raster may be left empty. Its label: the units' label field (1/0), their landslide count field (a unit with a count above 0 holds landslides), or the inventory's landslides that meet it. Units lacking a factor value are left out or filled, as chosen; spatial folds hold out units by their centroids.

Models: random forest, logistic regression, gradient boosting, a neural network (MLP) and the frequency-ratio baseline; classes are weighted so landslides and absences count equally.

Validation: random k-fold, spatial k-fold (square blocks or k-means clusters of coordinates held out whole, the honest estimate for a new area; both are run and reported side by side) and temporal (train on landslides before the split year, test on those from it on; needs the year field; the split year is chosen when not given). The metrics JSON holds the AUC of every fold; the HTML report shows ROC and precision-recall curves, success- and prediction-rate curves, the importance of each factor, partial dependence, every model type compared, and explains what the numbers mean.

Model size: a random forest's leaf size and tree count are chosen by out-of-bag AUC in every fit (inside each cross-validation fold too), so the forest suits the sample count; the report and metrics state the choice and the ONNX size. With UNCERTAINTY (default) the model file also holds the fold models of the validation in the same graph, so the uncertainty map takes one pass over the factors (a map without it does not run them). KEEP_FOLD_MODELS also writes each fold model beside the model (name.foldN.onnx).

Needs scikit-learn and skl2onnx in QGIS's Python.</source>
            <translation>基于评价因子栅格（每个因子一个波段，例如由“构建易发性评价因子”生成）和滑坡编录训练滑坡易发性模型，进行验证，并写出为 ONNX 模型，供“滑坡易发性制图”（以及“栅格分类”）运行。

滑坡编录：任意坐标参考系的滑坡点或多边形（多边形取中心落在其内的像元），或者以栅格编录的形式，用 1 标记滑坡的栅格。非滑坡样本在滑坡周围缓冲区（默认 2 个像元）之外随机抽取，若给定研究区则限定在研究区内，数量为滑坡数的 ABSENCE_RATIO 倍，由 SEED 保证可重复。若提供标签字段（1 = 滑坡，0 = 非滑坡），则按原样使用这些点。

制图单元（斜坡单元或任意多边形）：每个单元为一个样本。其因子：按单元统计的因子栅格（连续型因子取均值，如有需要附加标准差；分类型因子取众数）、单元图层自身的字段（数值保持原值，文本及标记为分类型的字段作为类别），以及如有需要的面积、周长和紧凑度；使用单元自身字段时，因子栅格可以留空。其标签：单元的标签字段（1/0）、其滑坡数量字段（数量大于 0 的单元含滑坡），或与之相交的编录滑坡。缺少因子值的单元按所选方式剔除或填补；空间交叉验证的各折按单元质心划分。

模型：随机森林、逻辑回归、梯度提升、神经网络（MLP）以及频率比基准模型；类别加权，使滑坡与非滑坡样本权重相等。

验证：随机 k 折、空间 k 折（整块留出方形区块或坐标的 k-means 聚类，是对新区域的可靠估计；两者都会运行并并列报告）以及时间验证（用划分年份之前的滑坡训练，用该年及之后的滑坡检验；需要年份字段；未给定时自动选择划分年份）。精度指标 JSON 包含每一折的 AUC；HTML 报告给出 ROC 曲线和精确率-召回率曲线、成功率曲线和预测率曲线、各因子的重要性、部分依赖图、所有模型类型的对比，并解释各数值的含义。模型大小：每次拟合时（包括每个交叉验证折内）都按袋外（OOB）AUC 选择随机森林的叶节点大小和树的数量，使森林规模与样本量相适应；报告和精度指标会说明所选参数和 ONNX 文件大小。启用 UNCERTAINTY（默认）时，模型文件在同一计算图中还保存了验证的各折模型，因此不确定性图只需遍历因子一次（不需要不确定性时不会运行它们）。KEEP_FOLD_MODELS 还会把每一折的模型写在模型旁（name.foldN.onnx）。

需要 QGIS 的 Python 中安装 scikit-learn 和 skl2onnx。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="235" />
            <source>Factors raster (one band per factor; empty with mapping units whose fields are the factors)</source>
            <translation>评价因子栅格（每个因子一个波段；使用以字段为因子的制图单元时留空）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="241" />
            <source>Landslide inventory (points or polygons; empty with unit labels)</source>
            <translation>滑坡编录（点或多边形；使用单元标签时留空）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="242" />
            <location filename="../../processing/susceptibility.py" line="625" />
            <source>Landslide inventory as a raster (1 = landslide), instead of points or polygons</source>
            <translation>以栅格形式提供的滑坡编录（1 = 滑坡），代替点或多边形</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="250" />
            <location filename="../../processing/susceptibility.py" line="417" />
            <location filename="../../ui/classify_dialog.py" line="233" />
            <location filename="../../ui/susceptibility_dialog.py" line="581" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="252" />
            <location filename="../../ui/susceptibility_dialog.py" line="577" />
            <source>Random forest</source>
            <translation>随机森林</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="253" />
            <location filename="../../ui/susceptibility_dialog.py" line="577" />
            <source>Logistic regression</source>
            <translation>逻辑回归</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="254" />
            <location filename="../../ui/susceptibility_dialog.py" line="577" />
            <source>Gradient boosting</source>
            <translation>梯度提升</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="255" />
            <location filename="../../ui/susceptibility_dialog.py" line="577" />
            <source>Neural network (MLP)</source>
            <translation>神经网络（MLP）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="256" />
            <location filename="../../ui/susceptibility_dialog.py" line="578" />
            <source>Frequency ratio (statistical baseline)</source>
            <translation>频率比（统计基准模型）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="264" />
            <source>Validation</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="265" />
            <location filename="../../ui/susceptibility_dialog.py" line="591" />
            <source>Random k-fold</source>
            <translation>随机 k 折交叉验证</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="265" />
            <source>Spatial k-fold</source>
            <translation>空间 k 折交叉验证</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="265" />
            <source>Temporal (needs a year field)</source>
            <translation>时间验证（需要年份字段）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="271" />
            <location filename="../../ui/susceptibility_dialog.py" line="601" />
            <source>Folds</source>
            <translation>折数</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="274" />
            <source>Year or date field of the inventory (temporal validation)</source>
            <translation>编录的年份或日期字段（时间验证）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="275" />
            <source>Label field (1 = landslide, 0 = not): use the points as given</source>
            <translation>标签字段（1 = 滑坡，0 = 非滑坡）：按原样使用这些点</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="286" />
            <source>Study area (absences are drawn inside it)</source>
            <translation>研究区（在其内抽取非滑坡样本）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="294" />
            <source>Mapping units (slope units or other polygons; empty = pixels)</source>
            <translation>制图单元（斜坡单元或其他多边形；留空 = 像元）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="303" />
            <source>Absences per landslide</source>
            <translation>每个滑坡对应的非滑坡样本数</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="313" />
            <source>Buffer around landslides without absences, in metres (empty = two cells of the factors)</source>
            <translation>滑坡周围不抽取非滑坡样本的缓冲区，单位为米（留空 = 因子栅格的两个像元）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="324" />
            <source>Fields of the units used as factors</source>
            <translation>用作因子的单元字段</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="327" />
            <source>Numeric unit fields holding class codes (categorical)</source>
            <translation>存放类别编码的单元数值字段（分类型）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="333" />
            <source>Label field of the units (1 = landslide, 0 = none)</source>
            <translation>单元的标签字段（1 = 滑坡，0 = 无）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="339" />
            <source>Landslide count field of the units (landslides where above 0)</source>
            <translation>单元的滑坡数量字段（大于 0 处为滑坡）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="358" />
            <source>Shape of the units as factors</source>
            <translation>用作因子的单元形状</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="359" />
            <source>Area (m²)</source>
            <translation>面积（m²）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="359" />
            <source>Perimeter (m)</source>
            <translation>周长（m）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="359" />
            <source>Compactness (1 = a circle)</source>
            <translation>紧凑度（1 = 圆形）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="366" />
            <source>Standard deviation of each raster factor per unit, beside its mean</source>
            <translation>每个单元各栅格因子的标准差（与均值并列）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="372" />
            <source>Units lacking a factor value</source>
            <translation>缺少因子值的单元</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="373" />
            <source>Leave them out</source>
            <translation>剔除</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="373" />
            <source>Fill with the median (or most common value) of the units</source>
            <translation>用各单元的中位数（或最常见值）填补</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="383" />
            <source>Temporal split: a year or date (train before it, test from it on; empty = chosen)</source>
            <translation>时间划分：年份或日期（之前的用于训练，之后的用于检验；留空 = 自动选择）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="388" />
            <source>Spatial folds</source>
            <translation>空间分折</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="389" />
            <location filename="../../ui/susceptibility_dialog.py" line="603" />
            <source>Square blocks</source>
            <translation>方形块</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="389" />
            <source>K-means clusters of coordinates</source>
            <translation>坐标的 k-means 聚类</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="394" />
            <source>Categorical factors</source>
            <translation>分类型因子</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="395" />
            <source>One-hot</source>
            <translation>独热编码</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="395" />
            <source>Target encoding</source>
            <translation>目标编码</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="399" />
            <source>Compare every model type in the report</source>
            <translation>在报告中比较所有模型类型</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="403" />
            <source>Keep the fold models inside the model, for the uncertainty map (one pass)</source>
            <translation>将各折模型保存在模型内部，用于不确定性图（一次遍历）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="408" />
            <location filename="../../ui/susceptibility_dialog.py" line="609" />
            <source>Also write each fold model as its own file (name.foldN.onnx)</source>
            <translation>同时将每个折模型单独写成文件（name.foldN.onnx）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="421" />
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="421" />
            <location filename="../../processing/train.py" line="167" />
            <source>HTML files (*.html)</source>
            <translation>HTML 文件 (*.html)</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="426" />
            <location filename="../../ui/model_manager.py" line="139" />
            <source>Metrics</source>
            <translation>精度指标</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="426" />
            <source>JSON files (*.json)</source>
            <translation>JSON 文件 (*.json)</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="430" />
            <source>Mean {kind} CV AUC</source>
            <translation>{kind}交叉验证平均 AUC</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="432" />
            <source>Fold model files (when kept)</source>
            <translation>折模型文件（保留时）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="498" />
            <source>{kind} cross-validation AUC: {mean:.3f} ± {std:.3f}</source>
            <translation>{kind}交叉验证 AUC：{mean:.3f} ± {std:.3f}</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="503" />
            <source>Report: {path}</source>
            <translation>报告：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="527" />
            <source>Give the units' label field or their landslide count field, not both.</source>
            <translation>请提供单元的标签字段或滑坡数量字段之一，不能同时提供。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="560" />
            <source>Landslide susceptibility map</source>
            <translation>滑坡易发性制图</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="563" />
            <source>landslide,susceptibility,hazard,classes,uncertainty,onnx</source>
            <translation>滑坡,易发性,危险性,分级,不确定性,landslide,susceptibility,hazard,classes,uncertainty,onnx</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="566" />
            <source>Maps landslide susceptibility with a model from Train landslide susceptibility model (or any ONNX model over the same factors) through Lithoscope's engine, window by window.

Outputs: the probability of a landslide (0 to 1, styled yellow to red); optionally 5 classes (very low to very high) by quantiles, natural breaks, equal intervals or your breaks (e.g. 0.2,0.4,0.6,0.8), with a CSV table beside them (area, share of landslides, density and frequency ratio per class, when an inventory is given; with a label field only its 1 points count as landslides); and the uncertainty: the standard deviation of the cross-validation fold models' probabilities, in the same pass over the factors (the model holds its fold models; an older model's .foldN.onnx files beside it are run one by one).

With mapping units, a copy of the unit layer gets the fields susceptibility, class and class_name (and uncertainty, from two fold models or more), styled by class, committed with the rasters. A model trained on units with their own fields or shape maps units only: leave the probability output empty.

The factors raster must hold the factors the model was trained on (matched by name: another order is read in the model's order, a missing or extra factor is refused), with text categories coded as in training (else build the factors with 'Text codes from model'). Pixels of a category never seen in training are counted in a warning.</source>
            <translation>使用“训练滑坡易发性模型”得到的模型（或基于相同因子的任意 ONNX 模型），通过 Lithoscope 的引擎逐窗口制作滑坡易发性图。

输出：滑坡发生概率（0 到 1，以黄到红显示）；可选的 5 级易发性分区（极低到极高），按分位数、自然断点法、等间距或您指定的断点（例如 0.2,0.4,0.6,0.8）划分，并在旁边附 CSV 统计表（提供编录时，包括每级的面积、滑坡占比、密度和频率比；若有标签字段，只有值为 1 的点计为滑坡）；以及不确定性：各交叉验证折模型所得概率的标准差，与概率在同一次遍历因子时算出（模型内部保存了各折模型；旧模型旁的 .foldN.onnx 文件会逐个运行）。

使用制图单元时，单元图层的副本会得到 susceptibility、class 和 class_name 字段（若有两个及以上折模型，还有 uncertainty），按等级设置样式，并与栅格一同提交。以单元自身字段或形状训练的模型只能对单元制图：请将概率输出留空。

因子栅格必须包含模型训练时使用的因子（按名称匹配：顺序不同时按模型顺序读取，缺少或多出因子会被拒绝），文本类别的编码须与训练时一致（否则请使用“模型中的文本编码”构建因子）。训练中从未出现过的类别所在像元会在警告中统计。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="589" />
            <source>Factors raster (one band per factor; empty for a model of units that takes their fields only)</source>
            <translation>评价因子栅格（每个因子一个波段；对于只使用单元字段的单元模型可留空）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="596" />
            <source>Susceptibility model (shipped model name or path of an .onnx file)</source>
            <translation>易发性模型（自带模型名称或 .onnx 文件路径）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="599" />
            <source>A shipped model name ({names}) or the path of a model trained by Train landslide susceptibility model.</source>
            <translation>自带模型名称（{names}），或由“训练滑坡易发性模型”训练的模型路径。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="607" />
            <location filename="../../ui/model_manager.py" line="132" />
            <source>Classes</source>
            <translation>易发性分级方法</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="609" />
            <source>Quantiles (equal areas)</source>
            <translation>分位数（等面积）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="610" />
            <source>Natural breaks (Jenks)</source>
            <translation>自然断点法（Jenks）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="611" />
            <location filename="../../ui/susceptibility_dialog.py" line="627" />
            <source>Equal intervals</source>
            <translation>等间距</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="612" />
            <source>My breaks</source>
            <translation>自定义断点</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="619" />
            <source>My class breaks (4 values, e.g. 0.2,0.4,0.6,0.8)</source>
            <translation>自定义分级断点（4 个值，例如 0.2,0.4,0.6,0.8）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="624" />
            <source>Landslide inventory (points or polygons: landslides per class in the table)</source>
            <translation>滑坡编录（点或多边形：用于统计表中各级的滑坡数）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="630" />
            <source>Label field of the inventory (1 = landslide, 0 = not): only 1 counts as a landslide</source>
            <translation>编录的标签字段（1 = 滑坡，0 = 非滑坡）：只有 1 计为滑坡</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="639" />
            <source>Mapping units (write susceptibility as fields of a copy)</source>
            <translation>制图单元（将易发性写为副本的字段）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="648" />
            <source>Susceptibility (probability; empty to map the mapping units only)</source>
            <translation>易发性（概率；只对制图单元制图时留空）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="655" />
            <location filename="../../ui/susceptibility_dialog.py" line="809" />
            <source>Susceptibility classes</source>
            <translation>易发性分区</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="661" />
            <location filename="../../ui/susceptibility_dialog.py" line="630" />
            <source>Uncertainty (spread of the fold models)</source>
            <translation>不确定性（各折模型结果的离散程度）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="669" />
            <source>Mapping units with susceptibility</source>
            <translation>含易发性的制图单元</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="675" />
            <source>Table per class (CSV)</source>
            <translation>分级统计表（CSV）</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="705" />
            <source>Class breaks</source>
            <translation>分级断点</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="709" />
            <source>Class breaks were given: using them instead of {method}.</source>
            <translation>已提供分级断点：使用这些断点代替{method}。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="718" />
            <source>A label field was given without an inventory; give the inventory too.</source>
            <translation>提供了标签字段但未提供编录；请同时提供编录。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="721" />
            <source>The mapping units output needs a mapping units layer.</source>
            <translation>制图单元输出需要制图单元图层。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="741" />
            <source>The model {name} was trained on mapping units with factors of their own: give the mapping units (MAPPING_UNITS) and their output (OUTPUT_UNITS).</source>
            <translation>模型 {name} 是基于带自身因子的制图单元训练的：请提供制图单元（MAPPING_UNITS）及其输出（OUTPUT_UNITS）。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="748" />
            <source>The model {name} maps mapping units from their own fields and shape, not pixels: leave the probability, class and uncertainty rasters empty and give the mapping units output.</source>
            <translation>模型 {name} 依据制图单元自身的字段和形状制图，而非像元：请将概率、分区和不确定性栅格留空，并提供制图单元输出。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="756" />
            <source>Give the susceptibility raster to write (OUTPUT), or mapping units and their output (OUTPUT_UNITS).</source>
            <translation>请指定要写出的易发性栅格（OUTPUT），或制图单元及其输出（OUTPUT_UNITS）。</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="764" />
            <location filename="../../processing/susceptibility.py" line="795" />
            <location filename="../../ui/susceptibility_dialog.py" line="821" />
            <source>Mapping units susceptibility</source>
            <translation>制图单元易发性</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="778" />
            <source>{layer} susceptibility</source>
            <translation>{layer} 易发性</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="782" />
            <source>{layer} susceptibility classes</source>
            <translation>{layer} 易发性分区</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="784" />
            <source>Table per class: {path}</source>
            <translation>分级统计表：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/susceptibility.py" line="790" />
            <source>{layer} susceptibility uncertainty</source>
            <translation>{layer} 易发性不确定性</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="52" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="52" />
            <source>deep learning</source>
            <translation>深度学习</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="52" />
            <source>pytorch</source>
            <translation>pytorch</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="52" />
            <source>validation</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="70" />
            <source>Most epochs</source>
            <translation>最多轮数</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="76" />
            <source>Time budget (minutes)</source>
            <translation>时间预算（分钟）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="87" />
            <source>Share of samples held out for testing (whole groups)</source>
            <translation>留作测试的样本比例（整组留出）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="99" />
            <source>Classes with too few samples</source>
            <translation>样本过少的类别</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="100" />
            <source>keep (warn)</source>
            <translation>保留（警告）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="100" />
            <source>drop</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="100" />
            <source>merge into 'other'</source>
            <translation>合并为“other”</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="109" />
            <source>Early stopping: epochs without improvement</source>
            <translation>早停：无改进的轮数</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="122" />
            <source>Retrain the final model on all samples (the best epoch count)</source>
            <translation>用全部样本重新训练最终模型（最佳轮数）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="130" />
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="142" />
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="161" />
            <source>Trained model</source>
            <translation>训练后的模型</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="166" />
            <source>Training report</source>
            <translation>训练报告</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="206" />
            <source>Model written: {path}</source>
            <translation>模型已写入：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="207" />
            <source>Model card: {path}</source>
            <translation>模型卡：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="208" />
            <source>Training report: {path}</source>
            <translation>训练报告：{path}</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="231" />
            <source>Reading the training samples…</source>
            <translation>正在读取训练样本…</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="266" />
            <source>Train a map model from labels</source>
            <translation>由标注训练制图模型</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="269" />
            <source>Trains a small fully convolutional network (U-Net) that maps classes from a raster or aligned rasters (imagery, a DEM, terrain derivatives) and labels: polygons with a class field, or a label raster. Tiles are cut where labels are; whole spatial blocks are held out to test it against a majority class and a random forest trained on the same pixels. With two classes (landslide and stable ground) it can write a susceptibility model instead: the probability of the landslide class, scored by AUC as well. Training runs in the training components' own Python (PyTorch), never in QGIS's. Writes the ONNX model (Classify and Susceptibility run it at once), its card (.md) and an HTML report.</source>
            <translation>训练一个小型全卷积网络（U-Net），由一个栅格或多个对齐的栅格（影像、DEM、地形派生量）和标注（带类别字段的多边形，或标注栅格）绘制类别图。在有标注处切取瓦片；整块空间区块被留出，用以与在相同像元上训练的多数类和随机森林比较测试。若有两个类别（滑坡与稳定地面），也可改为写出易发性模型：输出滑坡类别的概率，并以 AUC 评分。训练在训练组件自己的 Python（PyTorch）中运行，绝不在 QGIS 的 Python 中。写出 ONNX 模型（分类和易发性工具可直接运行）、其模型卡（.md）和 HTML 报告。</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="282" />
            <source>Input rasters (aligned, in order)</source>
            <translation>输入栅格（已对齐，按顺序）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="287" />
            <source>Label polygons</source>
            <translation>标注多边形</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="291" />
            <source>Class field</source>
            <translation>类别字段</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="295" />
            <source>Label raster (instead of polygons)</source>
            <translation>标注栅格（代替多边形）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="300" />
            <source>Area of interest</source>
            <translation>研究区</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="317" />
            <source>Terrain factors only: the DEM feeds the factors, the network never sees the elevation itself</source>
            <translation>仅用地形因子：DEM 只用于计算因子，网络从不直接读取高程本身</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="324" />
            <source>Susceptibility model: label value of the landslide class (two classes; empty = a map of classes)</source>
            <translation>易发性模型：滑坡类别的标注值（两个类别；留空 = 类别图）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="331" />
            <source>Categorical bands (class codes, one-hot): names or numbers, comma-separated</source>
            <translation>分类波段（类别代码，独热编码）：名称或编号，逗号分隔</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="338" />
            <source>Training tile size (pixels, multiple of 4)</source>
            <translation>训练瓦片大小（像元，4 的倍数）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="350" />
            <source>Spatial block side (tiles)</source>
            <translation>空间区块边长（瓦片数）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="362" />
            <source>Most training tiles</source>
            <translation>最多训练瓦片数</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="370" />
            <source>Network width (filters of the first level)</source>
            <translation>网络宽度（第一层滤波器数）</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="383" />
            <source>Fewest labelled pixels per class</source>
            <translation>每类最少标注像元数</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="413" />
            <source>Choose the class field of the label polygons (CLASS_FIELD).</source>
            <translation>请选择标注多边形的类别字段（CLASS_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../processing/train.py" line="450" />
            <source>Map model trained from labels on {layers}</source>
            <translation>在 {layers} 上由标注训练的制图模型</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="64" />
            <source>Train a sequence model</source>
            <translation>训练序列模型</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="67" />
            <source>Trains a small recurrent or convolutional network (GRU, LSTM or 1-D CNN) over series: the pixels of a band stack (bands = dates in order) under labelled points, the numeric date fields of a vector layer, or a long table (id, time, value columns). A classifier learns a class per series; a forecaster learns the values of one or more fields some steps ahead from the last steps (optionally as the change from the last value, for displacements and levels). Whole groups are held out to test it: k-means groups of the points (classes) or whole stations (forecasts), against a majority class and a random forest, or persistence and a straight line. Training runs in the training components' own Python (PyTorch). Writes the ONNX model (the sequence algorithms run it at once), its card (.md) and an HTML report.</source>
            <translation>在序列上训练一个小型循环或卷积网络（GRU、LSTM 或一维 CNN）：标注点下波段堆栈（波段 = 按顺序的日期）的像元、矢量图层中以日期命名的数值字段，或长表（ID、时间、数值列）。分类器为每条序列学习一个类别；预测器由最近若干步学习一个或多个字段在若干步之后的数值（可选择预测相对最后一个值的变化，适用于位移和水位等）。整组留出用于测试：点的 k 均值分组（分类）或整个测站（预测），并与多数类和随机森林、或持续性和直线外推比较。训练在训练组件自己的 Python（PyTorch）中运行。写出 ONNX 模型（序列算法可直接运行）、其模型卡（.md）和 HTML 报告。</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="82" />
            <source>Series from</source>
            <translation>序列来源</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="84" />
            <source>a band stack (bands = dates) with labelled points</source>
            <translation>带标注点的波段堆栈（波段 = 日期）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="85" />
            <source>the date fields of a vector layer</source>
            <translation>矢量图层的日期字段</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="86" />
            <source>a long table (id, time, values)</source>
            <translation>长表（ID、时间、数值）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="93" />
            <source>Band stack (bands = dates, in order)</source>
            <translation>波段堆栈（波段 = 日期，按顺序）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="97" />
            <source>Labelled points</source>
            <translation>标注点</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="104" />
            <source>Features per date in the stack (band t x F + f)</source>
            <translation>堆栈中每个日期的特征数（波段 t × F + f）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="116" />
            <source>Features (date fields, or the class of each id)</source>
            <translation>要素（日期字段，或每个 ID 的类别）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="133" />
            <source>Date format (empty = common formats)</source>
            <translation>日期格式（留空 = 常见格式）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="137" />
            <source>Long table (id, time, values)</source>
            <translation>长表（ID、时间、数值）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="152" />
            <source>Class field (of the points, or of the layer's features)</source>
            <translation>类别字段（点的，或图层要素的）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="157" />
            <source>classifier (a class per series)</source>
            <translation>分类器（每条序列一个类别）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="157" />
            <source>forecaster (next values)</source>
            <translation>预测器（后续数值）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="163" />
            <source>Forecaster: input length (steps)</source>
            <translation>预测器：输入长度（步）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="174" />
            <source>Forecaster: horizons (steps ahead)</source>
            <translation>预测器：预测步长（向前步数）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="185" />
            <source>Forecaster: steps ahead to forecast, e.g. 7,30 (empty = 1 to the horizons)</source>
            <translation>预测器：要预测的超前步数，例如 7,30（留空 = 1 到预测步长）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="194" />
            <source>Forecaster: value field(s) to forecast, comma-separated (empty = the first)</source>
            <translation>预测器：要预测的数值字段，以逗号分隔（留空 = 第一个）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="203" />
            <source>Forecaster: forecast the change from the last value (the level does not matter: displacements)</source>
            <translation>预测器：预测相对最后一个值的变化（与数值的基准水平无关：适用于位移）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="211" />
            <source>Forecaster: training loss</source>
            <translation>预测器：训练损失</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="212" />
            <source>squared error</source>
            <translation>平方误差</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="212" />
            <source>absolute error (robust to jumps)</source>
            <translation>绝对误差（对跳变稳健）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="221" />
            <source>Forecaster: step of the series in days (0 = the steps as they come)</source>
            <translation>预测器：序列步长（天）（0 = 按原样）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="230" />
            <location filename="../../processing/train_wells.py" line="98" />
            <source>Network</source>
            <translation>网络</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="230" />
            <source>GRU</source>
            <translation>GRU</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="230" />
            <source>LSTM</source>
            <translation>LSTM</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="230" />
            <location filename="../../processing/train_wells.py" line="99" />
            <source>1-D CNN</source>
            <translation>一维 CNN</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="232" />
            <source>Hidden units (or filters)</source>
            <translation>隐藏单元数（或滤波器数）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="236" />
            <source>Spatial groups of points held out together (k-means)</source>
            <translation>一起留出的点的空间分组数（k 均值）</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="248" />
            <source>Fewest labelled series per class</source>
            <translation>每类最少标注序列数</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="271" />
            <source>A classifier needs the class field (CLASS_FIELD).</source>
            <translation>分类器需要类别字段（CLASS_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="275" />
            <source>A band stack with labelled points trains a classifier; choose the classifier task.</source>
            <translation>带标注点的波段堆栈训练的是分类器；请选择分类器任务。</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="279" />
            <source>Give the band stack (RASTER) and the labelled points (POINTS).</source>
            <translation>请给出波段堆栈（RASTER）和标注点（POINTS）。</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="301" />
            <source>Give the long table (TABLE).</source>
            <translation>请给出长表（TABLE）。</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="314" />
            <source>Give the layer whose numeric fields are named by dates (LAYER).</source>
            <translation>请给出数值字段以日期命名的图层（LAYER）。</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="317" />
            <source>a long table</source>
            <translation>长表</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="337" />
            <source>Sequence classifier</source>
            <translation>序列分类器</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="337" />
            <source>Sequence forecaster</source>
            <translation>序列预测器</translation>
        </message>
        <message>
            <location filename="../../processing/train_sequence.py" line="338" />
            <source>{what} trained on {layer}</source>
            <translation>在 {layer} 上训练的{what}</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="43" />
            <source>Train a well-log facies model</source>
            <translation>训练测井相模型</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="46" />
            <source>Trains a small sequence model (a bidirectional GRU or LSTM, or a 1-D CNN) that gives a facies (or lithology) at each depth from a window of log samples centred on it, exactly as 'Sequence model over well logs (per depth)' runs it.

Labelled wells: LAS files (one well each; the label is a curve, chosen by mnemonic) or a table with one row per well and depth, the curves and a label column. A class-code table (CSV code,name) gives the classes their names; a penalty matrix (CSV, K x K, rows: true class, columns: predicted, in class order) adds a penalty score to the report. Depth samples without a label or with a gap in a curve at the depth are not trained on.

Whole wells are held out (the named test wells, or chosen at random) to test the model against a majority class and a random forest on the same windows. Training runs in the training components' own Python (PyTorch), never in QGIS's. Writes the ONNX model, its card (.md) and an HTML report with strip plots of the held-out wells.</source>
            <translation>训练一个小型序列模型（双向 GRU 或 LSTM，或一维 CNN），由以每个深度为中心的测井采样窗口给出该深度的相（或岩性），与“测井曲线上的序列模型（逐深度）”的运行方式完全相同。

已标注的井：LAS 文件（每个文件一口井；标注是一条按助记符选择的曲线），或每口井每个深度一行、含曲线和标注列的表。类别代码表（CSV code,name）给出类别名称；惩罚矩阵（CSV，K × K，行：真实类别，列：预测类别，按类别顺序）在报告中加入惩罚得分。没有标注、或在该深度有曲线缺失的深度采样不参与训练。

整口井被留出（指定的测试井，或随机选择），用以与在相同窗口上的多数类和随机森林比较测试。训练在训练组件自己的 Python（PyTorch）中运行，绝不在 QGIS 的 Python 中。写出 ONNX 模型、其模型卡（.md）以及含留出井条带图的 HTML 报告。</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="64" />
            <source>Labelled well logs table (well, depth, curves, label)</source>
            <translation>已标注的测井表（井、深度、曲线、标注）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="65" />
            <source>Log curves of the table</source>
            <translation>表中的测井曲线</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="66" />
            <source>LAS curve mnemonics, comma-separated (for LAS files)</source>
            <translation>LAS 曲线助记符，逗号分隔（用于 LAS 文件）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="69" />
            <source>Label: the facies curve (LAS mnemonic) or field of the table</source>
            <translation>标注：相曲线（LAS 助记符）或表的字段</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="73" />
            <source>Class-code table (CSV: code,name)</source>
            <translation>类别代码表（CSV：code,name）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="79" />
            <source>Penalty matrix (CSV, K x K: rows true class, columns predicted)</source>
            <translation>惩罚矩阵（CSV，K × K：行为真实类别，列为预测类别）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="87" />
            <source>Window (samples centred on each depth, odd)</source>
            <translation>窗口（以每个深度为中心的采样数，奇数）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="99" />
            <source>GRU (bidirectional)</source>
            <translation>GRU（双向）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="99" />
            <source>LSTM (bidirectional)</source>
            <translation>LSTM（双向）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="107" />
            <source>Wells held out for testing (comma-separated; empty: chosen at random)</source>
            <translation>留作测试的井（逗号分隔；留空：随机选择）</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="126" />
            <source>Fewest labelled depth samples per class</source>
            <translation>每类最少已标注深度采样数</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="140" />
            <source>Choose the label: the facies curve or field (LABEL).</source>
            <translation>请选择标注：相曲线或字段（LABEL）。</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="150" />
            <source>Give the labelled well logs: a table (well, depth, curves) or LAS files.</source>
            <translation>请给出已标注的测井曲线：表（井、深度、曲线）或 LAS 文件。</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="159" />
            <source>Choose the log curves to train on (CURVES).</source>
            <translation>请选择用于训练的测井曲线（CURVES）。</translation>
        </message>
        <message>
            <location filename="../../processing/train_wells.py" line="205" />
            <source>Well-log facies model ({label}) from {curves}</source>
            <translation>由 {curves} 训练的测井相模型（{label}）</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="33" />
            <source>Fill DEM voids</source>
            <translation>填补 DEM 空洞</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="36" />
            <source>dem</source>
            <translation>数字高程模型</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="36" />
            <source>void</source>
            <translation>空洞</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="36" />
            <source>nodata</source>
            <translation>无数据</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="36" />
            <source>fill</source>
            <translation>填补</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="36" />
            <source>generator</source>
            <translation>生成器</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="36" />
            <source>elevation</source>
            <translation>高程</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="39" />
            <source>Fills the nodata voids of a DEM with a void-filler model: the shipped dem_void_filler by default (a thin-plate first guess corrected by a U-Net trained on public DEMs; see its card in the model manager), or one trained on your own terrain with 'Train a DEM void filler'. Only void pixels change; every other pixel is copied through bit for bit. The DEM is processed tile by tile with overlapping, blended tiles.

A DEM without voids is left alone (nothing is written). A raster that is all nodata, a classified map (integer classes) and voids wider than the model's tile less its overlap are refused, with the size of the largest void.</source>
            <translation>用空洞填补模型填补 DEM 中的无数据空洞：默认使用随插件提供的 dem_void_filler（薄板初始估计，再由在公开 DEM 上训练的 U-Net 校正；其模型卡见模型管理器），或用“训练 DEM 空洞填补器”在您自己的地形上训练的模型。只有空洞像元会改变，其余每个像元都逐位原样复制。DEM 按相互重叠并融合的瓦片逐块处理。

没有空洞的 DEM 保持不变（不写出任何文件）。全部为无数据的栅格、分类图（整数类别）以及宽于模型瓦片减去重叠部分的空洞会被拒绝，并给出最大空洞的尺寸。</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="51" />
            <source>DEM with voids</source>
            <translation>有空洞的 DEM</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="55" />
            <source>Void-filler model (ONNX)</source>
            <translation>空洞填补模型（ONNX）</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="58" />
            <source>Filled DEM</source>
            <translation>填补后的 DEM</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="72" />
            <source>No DEM was given; choose the DEM whose voids to fill.</source>
            <translation>未给出 DEM；请选择要填补空洞的 DEM。</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="83" />
            <source>The DEM has no voids; nothing was written.</source>
            <translation>DEM 没有空洞；未写出任何文件。</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="105" />
            <source>Train a DEM void filler</source>
            <translation>训练 DEM 空洞填补器</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="108" />
            <source>Trains a void filler on your own DEM, self-supervised: voids of random size and shape are cut out of valid terrain and a small U-Net (over a coarse-to-fine first guess) learns to fill them, optionally against a patch discriminator (adversarial weight; 0 turns it off). Whole blocks of the DEM are held out; the HTML report compares the model with GDAL FillNodata on them, by void size. Writes the model, its card and the report together; run it with 'Fill DEM voids'.</source>
            <translation>在您自己的 DEM 上自监督地训练空洞填补器：从有效地形中切出随机大小和形状的空洞，由一个小型 U-Net（在由粗到细的初始估计之上）学习填补它们，可选地对抗一个块判别器（对抗权重；0 表示关闭）。DEM 的整块区域被留出；HTML 报告按空洞大小在其上将模型与 GDAL FillNodata 比较。模型、模型卡和报告一起写出；用“填补 DEM 空洞”运行它。</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="117" />
            <source>DEM (valid terrain to learn from)</source>
            <translation>DEM（用于学习的有效地形）</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="122" />
            <source>Training tile (px, a multiple of 32)</source>
            <translation>训练瓦片（像元，32 的倍数）</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="130" />
            <source>Network width</source>
            <translation>网络宽度</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="137" />
            <source>Adversarial weight (0: no discriminator)</source>
            <translation>对抗权重（0：无判别器）</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="148" />
            <source>No DEM was given; choose the DEM to learn from.</source>
            <translation>未给出 DEM；请选择用于学习的 DEM。</translation>
        </message>
        <message>
            <location filename="../../processing/voids.py" line="161" />
            <source>DEM void filler ({name})</source>
            <translation>DEM 空洞填补器（{name}）</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="104" />
            <source>Choose a raster layer to classify.</source>
            <translation>请选择要分类的栅格图层。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="106" />
            <source>Choose a model: a shipped model or an .onnx file.</source>
            <translation>请选择模型：自带模型或 .onnx 文件。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="121" />
            <source>The map canvas has no extent; zoom to the area to classify.</source>
            <translation>地图画布没有范围；请缩放到要分类的区域。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="125" />
            <source>Choose the polygon layer that limits the area.</source>
            <translation>请选择限定区域的多边形图层。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="127" />
            <source>No polygons are selected in '{name}'.</source>
            <translation>“{name}”中没有选中的多边形。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="191" />
            <source>Lithoscope — Classify raster</source>
            <translation>Lithoscope — 栅格分类</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="199" />
            <source>onnxruntime is missing; see the message below.</source>
            <translation>缺少 onnxruntime；请参见下方信息。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="231" />
            <source>Raster layer</source>
            <translation>栅格图层</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="233" />
            <source>Choose an ONNX model file</source>
            <translation>选择 ONNX 模型文件</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="241" />
            <source>Further layers and bands</source>
            <translation>附加图层与波段</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="248" />
            <source>Rasters (resampled onto the input's grid) and vector layers (1 inside features, 0 outside) stacked after the input's bands, in this order: the model's bands in its order.</source>
            <translation>栅格（重采样到输入图层的格网）和矢量图层（要素内为 1，要素外为 0）按此顺序叠加在输入图层的波段之后：顺序须与模型的波段顺序一致。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="257" />
            <source>Further layers</source>
            <translation>附加图层</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="259" />
            <source>All bands of the input (e.g. 1,2,3)</source>
            <translation>输入图层的全部波段（如 1,2,3）</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="260" />
            <source>The input's bands to use, in the model's order; empty: all of them.</source>
            <translation>要使用的输入图层波段，按模型的波段顺序；留空：全部波段。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="266" />
            <location filename="../../ui/susceptibility_dialog.py" line="498" />
            <source>Area</source>
            <translation>区域</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="268" />
            <source>Full raster</source>
            <translation>整幅栅格</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="269" />
            <source>Current map canvas extent</source>
            <translation>当前地图画布范围</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="270" />
            <source>Inside polygons of</source>
            <translation>以下图层的多边形内</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="277" />
            <source>Selected features only</source>
            <translation>仅选中的要素</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="288" />
            <source>Outputs</source>
            <translation>输出</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="290" />
            <location filename="../../ui/classify_dialog.py" line="294" />
            <location filename="../../ui/sequence_dialog.py" line="546" />
            <location filename="../../ui/sequence_dialog.py" line="549" />
            <source>GeoTIFF (*.tif *.tiff)</source>
            <translation>GeoTIFF (*.tif *.tiff)</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="297" />
            <location filename="../../ui/sequence_dialog.py" line="597" />
            <location filename="../../ui/sequence_dialog.py" line="669" />
            <source>GeoPackage (*.gpkg)</source>
            <translation>GeoPackage (*.gpkg)</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="305" />
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="309" />
            <location filename="../../ui/classify_dialog.py" line="311" />
            <location filename="../../ui/classify_dialog.py" line="323" />
            <location filename="../../ui/settings_page.py" line="68" />
            <source>From the model</source>
            <translation>由模型决定</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="310" />
            <source>Tile size (px)</source>
            <translation>瓦片大小（px）</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="312" />
            <source>Tile overlap (px)</source>
            <translation>瓦片重叠（px）</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="320" />
            <location filename="../../ui/settings_page.py" line="66" />
            <source>All cores</source>
            <translation>全部核心</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="321" />
            <location filename="../../ui/settings_page.py" line="67" />
            <source>CPU threads</source>
            <translation>CPU 线程数</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="323" />
            <source>None (probabilities)</source>
            <translation>无（概率）</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="323" />
            <source>Sigmoid</source>
            <translation>Sigmoid</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="327" />
            <source>Turns a model's raw scores (logits) into probabilities; the log warns when this seems needed.</source>
            <translation>将模型的原始得分（logits）转换为概率；当似乎需要时，日志会给出警告。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="329" />
            <location filename="../../ui/model_manager.py" line="106" />
            <source>Output activation</source>
            <translation>输出激活函数</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="331" />
            <source>Write nodata and warn</source>
            <translation>写入无数据值并警告</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="333" />
            <source>Where the model gives NaN</source>
            <translation>模型输出 NaN 时</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="342" />
            <location filename="../../ui/sequence_dialog.py" line="699" />
            <source>Choose a model file (Browse…).</source>
            <translation>请选择模型文件（浏览…）。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="436" />
            <source>Classifying '{layer}' with {model}…</source>
            <translation>正在用 {model} 对“{layer}”进行分类…</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="452" />
            <location filename="../../ui/common.py" line="108" />
            <location filename="../../ui/train_dialog.py" line="280" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="459" />
            <location filename="../../ui/sequence_dialog.py" line="917" />
            <location filename="../../ui/susceptibility_dialog.py" line="777" />
            <location filename="../../ui/train_dialog.py" line="276" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="459" />
            <location filename="../../ui/common.py" line="100" />
            <location filename="../../ui/dependencies_dialog.py" line="73" />
            <location filename="../../ui/model_manager.py" line="333" />
            <location filename="../../ui/sequence_dialog.py" line="917" />
            <location filename="../../ui/series_tool.py" line="508" />
            <location filename="../../ui/susceptibility_dialog.py" line="394" />
            <location filename="../../ui/susceptibility_dialog.py" line="777" />
            <location filename="../../ui/train_dialog.py" line="276" />
            <location filename="../../ui/training_setup.py" line="38" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="466" />
            <location filename="../../ui/sequence_dialog.py" line="869" />
            <source>Error: </source>
            <translation>错误：</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="486" />
            <source>The run had finished when Cancel arrived; its outputs were written: {paths}</source>
            <translation>收到取消请求时运行已经完成；其输出已写出：{paths}</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="490" />
            <source>Cancelled; no output was written.</source>
            <translation>已取消；未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="496" />
            <source>The classification failed.</source>
            <translation>分类失败。</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="503" />
            <location filename="../../ui/sequence_dialog.py" line="942" />
            <source>Added to the project: {names}</source>
            <translation>已添加到工程：{names}</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="505" />
            <source>Classification finished: {names}</source>
            <translation>分类完成：{names}</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="516" />
            <location filename="../../ui/sequence_dialog.py" line="962" />
            <source>probability</source>
            <translation>概率</translation>
        </message>
        <message>
            <location filename="../../ui/classify_dialog.py" line="518" />
            <location filename="../../ui/classify_dialog.py" line="526" />
            <location filename="../../ui/classify_dialog.py" line="544" />
            <location filename="../../ui/sequence_dialog.py" line="999" />
            <source>Cannot load {path}</source>
            <translation>无法加载 {path}</translation>
        </message>
        <message>
            <location filename="../../ui/commands.py" line="33" />
            <source>pip's output shows here.</source>
            <translation>pip 的输出显示在这里。</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="83" />
            <source>Install dependencies…</source>
            <translation>安装依赖项…</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="97" />
            <location filename="../../ui/susceptibility_dialog.py" line="393" />
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="279" />
            <source>The run stopped on an unexpected error ({kind}: {error}); earlier files are unchanged. Please report it with the log.</source>
            <translation>运行因意外错误而停止（{kind}：{error}）；之前的文件未被改动。请附上日志报告此问题。</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="313" />
            <location filename="../../ui/model_manager.py" line="345" />
            <source>{name} (your models)</source>
            <translation>{name}（您的模型）</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="317" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="337" />
            <source>Choose an ONNX model</source>
            <translation>选择 ONNX 模型</translation>
        </message>
        <message>
            <location filename="../../ui/common.py" line="370" />
            <source>[Save to temporary file]</source>
            <translation>[保存为临时文件]</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="34" />
            <source>every model run: Classify, Sequence, susceptibility maps</source>
            <translation>所有模型运行：分类、序列、易发性制图</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="35" />
            <source>training susceptibility models (exported to ONNX)</source>
            <translation>训练易发性模型（导出为 ONNX）</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="36" />
            <source>well logs read from LAS files</source>
            <translation>从 LAS 文件读取测井曲线</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="37" />
            <source>plots: series, profiles and susceptibility reports</source>
            <translation>图表：序列、剖面和易发性报告</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="38" />
            <source>runs on a Dask cluster or local Dask workers</source>
            <translation>在 Dask 集群或本地 Dask 工作进程上运行</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="47" />
            <source>Lithoscope — Dependencies</source>
            <translation>Lithoscope — 依赖项</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="52" />
            <source>Package</source>
            <translation>软件包</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="52" />
            <source>Needed for</source>
            <translation>用途</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="52" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="52" />
            <source>Installed</source>
            <translation>已安装版本</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="52" />
            <source>Tested with</source>
            <translation>测试所用版本</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="65" />
            <source>Check again</source>
            <translation>重新检查</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="67" />
            <source>Install missing</source>
            <translation>安装缺失项</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="69" />
            <source>Training components…</source>
            <translation>训练组件…</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="70" />
            <source>PyTorch in an environment of its own, for training deep models</source>
            <translation>独立环境中的 PyTorch，用于训练深度模型</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="85" />
            <source>installed</source>
            <translation>已安装</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="85" />
            <source>missing</source>
            <translation>缺失</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="96" />
            <source>Every optional dependency is installed.</source>
            <translation>所有可选依赖项均已安装。</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="100" />
            <source>To install by hand, close QGIS and run:
Linux: {linux}
Windows (OSGeo4W Shell): {windows}
macOS: {macos}
Then start QGIS again.</source>
            <translation>如需手动安装，请关闭 QGIS 并运行：
Linux：{linux}
Windows（OSGeo4W Shell）：{windows}
macOS：{macos}
然后重新启动 QGIS。</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="121" />
            <source>Installed. Restart QGIS so that the plugin loads the new packages.</source>
            <translation>已安装。请重新启动 QGIS，以便插件加载新的软件包。</translation>
        </message>
        <message>
            <location filename="../../ui/dependencies_dialog.py" line="124" />
            <source>pip stopped with exit code {code}; see its output above, or install by hand.</source>
            <translation>pip 以退出码 {code} 结束；请查看上方的输出，或手动安装。</translation>
        </message>
        <message>
            <location filename="../../ui/help.py" line="33" />
            <source>Lithoscope help — {page}</source>
            <translation>Lithoscope 帮助 — {page}</translation>
        </message>
        <message>
            <location filename="../../ui/help.py" line="38" />
            <source>Help</source>
            <translation>帮助</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="83" />
            <source>This model has no model card (a .md file of the same name beside the .onnx file).</source>
            <translation>此模型没有模型卡（与 .onnx 文件同名、位于其旁边的 .md 文件）。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="96" />
            <source>metrics</source>
            <translation>指标</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="105" />
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="107" />
            <source>Tile size</source>
            <translation>分块大小</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="108" />
            <source>Resolution</source>
            <translation>分辨率</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="109" />
            <source>Sequence length</source>
            <translation>序列长度</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="110" />
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="118" />
            <source>Inputs</source>
            <translation>输入</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="119" />
            <source>Band</source>
            <translation>波段</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="119" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="119" />
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="119" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="119" />
            <source>Training range</source>
            <translation>训练数据范围</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="122" />
            <source>continuous</source>
            <translation>连续</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="125" />
            <source>derived: {terrain} of {band}</source>
            <translation>派生：{band} 的{terrain}</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="200" />
            <source>The metadata could not be written.</source>
            <translation>无法写入元数据。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="212" />
            <source>Lithoscope — Edit metadata of {name}</source>
            <translation>Lithoscope — 编辑 {name} 的元数据</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="220" />
            <source>(unchanged)</source>
            <translation>（不变）</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="227" />
            <source>Band names (comma-separated)</source>
            <translation>波段名称（逗号分隔）</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="229" />
            <source>Class names (comma-separated)</source>
            <translation>类别名称（逗号分隔）</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="231" />
            <source>For example #1f77b4, #ff7f0e</source>
            <translation>例如 #1f77b4, #ff7f0e</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="232" />
            <source>Class colours (#rrggbb)</source>
            <translation>类别颜色（#rrggbb）</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="236" />
            <source>Change the model file itself (no copy)</source>
            <translation>直接修改模型文件本身（不生成副本）</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="242" />
            <source>Copy to</source>
            <translation>副本保存到</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="275" />
            <source>A shipped model is never changed; write a copy.</source>
            <translation>随插件提供的模型不会被修改；请写入副本。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="278" />
            <source>Give the file the copy is written to.</source>
            <translation>请指定副本要写入的文件。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="281" />
            <source>Change the metadata of {name} in place? The file is rewritten; keep a copy if unsure.</source>
            <translation>要直接修改 {name} 的元数据吗？该文件将被重写；如不确定，请先保留副本。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="300" />
            <source>Lithoscope — Model manager</source>
            <translation>Lithoscope — 模型管理器</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="311" />
            <source>Model card</source>
            <translation>模型卡</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="312" />
            <source>Contract</source>
            <translation>契约</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="313" />
            <source>Fit to layer</source>
            <translation>与图层的匹配</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="321" />
            <source>Import ONNX file…</source>
            <translation>导入 ONNX 文件…</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="323" />
            <source>Edit metadata…</source>
            <translation>编辑元数据…</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="325" />
            <source>Does it fit this layer?</source>
            <translation>是否适用于此图层？</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="326" />
            <source>Check the model against the active raster layer</source>
            <translation>用当前活动的栅格图层检查模型</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="383" />
            <source>Import an ONNX model</source>
            <translation>导入 ONNX 模型</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="394" />
            <source>Add a model folder first (Settings &gt; Options &gt; Lithoscope &gt; Model folders).</source>
            <translation>请先添加模型文件夹（设置 &gt; 选项 &gt; Lithoscope &gt; 模型文件夹）。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="399" />
            <source>Not imported: {reason}</source>
            <translation>未导入：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="404" />
            <source>Imported into {folder}: {name}</source>
            <translation>已导入到 {folder}：{name}</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="409" />
            <source>{name} has no Lithoscope contract. Write its metadata now (a copy into your model folder)?</source>
            <translation>{name} 没有 Lithoscope 契约。现在写入其元数据吗（副本保存到您的模型文件夹）？</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="424" />
            <source>Metadata written to {path}</source>
            <translation>元数据已写入 {path}</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="435" />
            <source>Make a raster layer the active layer (click it in the Layers panel).</source>
            <translation>请将一个栅格图层设为活动图层（在图层面板中点击它）。</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="443" />
            <source>{model} on '{layer}'</source>
            <translation>{model} 用于“{layer}”</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="444" />
            <source>Values</source>
            <translation>数值</translation>
        </message>
        <message>
            <location filename="../../ui/model_manager.py" line="444" />
            <source>CRS units</source>
            <translation>坐标参考系单位</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="157" />
            <source>The table '{layer}' has no field(s) {fields}.</source>
            <translation>表“{layer}”中没有字段 {fields}。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="168" />
            <source>Choose the long table (one row per id and time), or use the layer's date fields.</source>
            <translation>请选择长表（每个编号和时间一行），或使用图层的日期字段。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="172" />
            <source>A long table needs its id field, its time field and at least one value field.</source>
            <translation>长表需要编号字段、时间字段以及至少一个数值字段。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="185" />
            <source>Choose the LAS files (one well each), or a folder's files.</source>
            <translation>请选择 LAS 文件（每个文件一口井），或文件夹中的文件。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="188" />
            <source>The LAS file {path} does not exist.</source>
            <translation>LAS 文件 {path} 不存在。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="193" />
            <source>Choose the well-log table (one row per well and depth sample).</source>
            <translation>请选择测井数据表（每口井每个深度采样点一行）。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="197" />
            <source>Choose the well id field and the depth field of the well-log table.</source>
            <translation>请选择测井数据表的井编号字段和深度字段。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="212" />
            <source>The nodata value '{text}' is not a number (e.g. -999.25).</source>
            <translation>无数据值“{text}”不是数字（例如 -999.25）。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="230" />
            <source>{what}: '{part}' is not a {kind}. Give comma-separated numbers, one per feature or one for all (e.g. 0.563), or leave the field empty to use the model's scaling.</source>
            <translation>{what}：“{part}”不是{kind}。请填写以逗号分隔的数字，每个特征一个或全部共用一个（例如 0.563），或留空以使用模型的缩放设置。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="233" />
            <source>number</source>
            <translation>数字</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="233" />
            <source>non-zero number</source>
            <translation>非零数字</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="262" />
            <location filename="../../ui/sequence_dialog.py" line="1051" />
            <source>Choose a sequence model: a shipped model or an .onnx file (Browse…).</source>
            <translation>请选择序列模型：自带模型或 .onnx 文件（浏览…）。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="294" />
            <source>Choose the time stack: one raster whose bands are dates, or single-date rasters.</source>
            <translation>请选择时序栅格堆栈：一个波段对应日期的栅格，或多个单期栅格。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="311" />
            <source>Choose the layer of monitoring points (features).</source>
            <translation>请选择监测点（要素）图层。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="322" />
            <source>The layer '{layer}' has no field '{field}': the id field joins the table to the layer.</source>
            <translation>图层“{layer}”中没有字段“{field}”：编号字段用于将表连接到图层。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="329" />
            <source>Choose the date fields of the layer (numeric fields named by dates).</source>
            <translation>请选择图层的日期字段（以日期命名的数值字段）。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="342" />
            <location filename="../../ui/sequence_dialog.py" line="654" />
            <source>LAS files</source>
            <translation>LAS 文件</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="352" />
            <source>The well points '{layer}' have no field '{field}'; choose their well id field.</source>
            <translation>井点“{layer}”中没有字段“{field}”；请选择其井编号字段。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="369" />
            <source>The layer '{layer}' is being edited; save or discard its edits first, then run again.</source>
            <translation>图层“{layer}”正处于编辑状态；请先保存或放弃其编辑，然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="434" />
            <source>Lithoscope — Sequence models</source>
            <translation>Lithoscope — 序列模型</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="447" />
            <location filename="../../ui/sequence_dialog.py" line="887" />
            <source>Sequence model</source>
            <translation>序列模型</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="447" />
            <source>Choose an ONNX sequence model file</source>
            <translation>选择 ONNX 序列模型文件</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="457" />
            <source>Write plots (PNG) beside the outputs</source>
            <translation>在输出旁写出图件（PNG）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="461" />
            <source>Per pixel</source>
            <translation>逐像元</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="461" />
            <source>A time stack: a raster whose bands are dates, or dated rasters</source>
            <translation>时序栅格堆栈：波段对应日期的栅格，或带日期的栅格</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="462" />
            <source>Per feature</source>
            <translation>逐要素</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="462" />
            <source>Monitoring points: date fields, or a long table</source>
            <translation>监测点：日期字段或长表</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="463" />
            <source>Per depth</source>
            <translation>逐深度</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="463" />
            <source>Well logs: a table or LAS files</source>
            <translation>测井数据：表或 LAS 文件</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="473" />
            <source>Common formats (2020-01-31, 20200131, 31.01.2020)</source>
            <translation>常见格式（2020-01-31、20200131、31.01.2020）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="474" />
            <source>The format of the dates in band, file or field names, e.g. %d/%m/%Y</source>
            <translation>波段名、文件名或字段名中的日期格式，例如 %d/%m/%Y</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="479" />
            <source>Date format</source>
            <translation>日期格式</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="485" />
            <source>model's scaling</source>
            <translation>模型的缩放设置</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="487" />
            <source>Comma-separated, one per feature or one for all; the model gets (x - offset) / scale instead of its own scaling. E.g. NDVI stored as 0..1 for a model scaled for NDVI x 10000 (offset 5630, scale 2080): offset 0.563, scale 0.208.</source>
            <translation>以逗号分隔，每个特征一个或全部共用一个；模型将得到 (x - offset) / scale，而不使用其自身的缩放设置。例如：NDVI 以 0..1 存储，而模型按 NDVI x 10000 缩放（offset 5630，scale 2080）时：offset 0.563，scale 0.208。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="499" />
            <source>Inspect series on map</source>
            <translation>在地图上查看序列</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="501" />
            <source>Click a pixel, feature or well on the map to plot its series with the model's prediction</source>
            <translation>点击地图上的像元、要素或井，绘制其序列及模型的预测结果</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="531" />
            <source>Check one raster whose bands are dates, or several single-date rasters; drag them into date order.</source>
            <translation>勾选一个波段对应日期的栅格，或多个单期栅格；拖动使其按日期排序。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="536" />
            <source>Time stack</source>
            <translation>时序栅格堆栈</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="538" />
            <source>From band descriptions or file names</source>
            <translation>取自波段描述或文件名</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="539" />
            <source>One date per band (step), comma-separated, e.g. 2021-01-01, 2021-02-01</source>
            <translation>每个波段（时间步）一个日期，以逗号分隔，例如 2021-01-01, 2021-02-01</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="541" />
            <source>Dates</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="579" />
            <source>Series from the layer's date fields</source>
            <translation>序列取自图层的日期字段</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="580" />
            <source>Series from a long table (id, time, values) joined by id</source>
            <translation>序列取自按编号连接的长表（编号、时间、数值）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="584" />
            <source>Date fields</source>
            <translation>日期字段</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="590" />
            <source>Long table</source>
            <translation>长表</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="594" />
            <source>Time field (dates or numbers)</source>
            <translation>时间字段（日期或数字）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="596" />
            <source>Value fields</source>
            <translation>数值字段</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="598" />
            <source>Copy with the model's fields</source>
            <translation>含模型字段的副本</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="599" />
            <source>Write the fields onto the input layer itself (not a copy)</source>
            <translation>将字段直接写入输入图层（而非副本）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="636" />
            <source>Logs from a table (one row per well and depth sample)</source>
            <translation>测井数据取自表（每口井每个深度采样点一行）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="638" />
            <source>Logs from LAS files (one well each)</source>
            <translation>测井数据取自 LAS 文件（每个文件一口井）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="641" />
            <source>Well logs (well, depth, curves)</source>
            <translation>测井数据（井、深度、曲线）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="643" />
            <source>Well id field</source>
            <translation>井编号字段</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="646" />
            <source>Depth field</source>
            <translation>深度字段</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="648" />
            <source>Check the curves the model takes and drag them into its order.</source>
            <translation>勾选模型所需的曲线，并拖动使其按模型顺序排列。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="649" />
            <source>Log curves, in the model's order</source>
            <translation>测井曲线，按模型顺序</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="653" />
            <source>LAS files (*.las *.LAS)</source>
            <translation>LAS 文件 (*.las *.LAS)</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="656" />
            <source>Mnemonics, e.g. GR, RHOB (empty: the model's band names)</source>
            <translation>助记符，例如 GR, RHOB（留空：使用模型的波段名称）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="657" />
            <source>Curves, in the model's order</source>
            <translation>曲线，按模型顺序</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="660" />
            <source>None (e.g. -999.25)</source>
            <translation>无（例如 -999.25）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="661" />
            <source>Curve value meaning no data</source>
            <translation>表示无数据的曲线值</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="663" />
            <source>Well points (optional, for the per-well summary)</source>
            <translation>井点（可选，用于按井汇总）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="666" />
            <source>Well id field of the points (empty: as in the table)</source>
            <translation>井点的井编号字段（留空：与表中相同）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="668" />
            <source>Prediction per depth (CSV)</source>
            <translation>逐深度预测结果（CSV）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="671" />
            <source>Write the summary onto the well points layer itself (not a copy)</source>
            <translation>将汇总直接写入井点图层（而非副本）</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="729" />
            <source>Check the raster(s) of the time stack.</source>
            <translation>请勾选时序栅格堆栈的栅格。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="735" />
            <source>The {n} band(s) carry no dates (in their descriptions or file names); they are taken in their order, or give the dates above.</source>
            <translation>这 {n} 个波段没有日期（波段描述或文件名中都没有）；将按其顺序使用，或在上方填写日期。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="737" />
            <location filename="../../ui/sequence_dialog.py" line="750" />
            <source>{n} date(s), in order: {dates}</source>
            <translation>{n} 个日期，按顺序：{dates}</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="745" />
            <source>Check the date fields (numeric fields named by dates).</source>
            <translation>请勾选日期字段（以日期命名的数值字段）。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="881" />
            <source>Running {model} on '{layer}' ({mode})…</source>
            <translation>正在对“{layer}”运行 {model}（{mode}）…</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="885" />
            <source>The results are written onto the input layer itself: {path}</source>
            <translation>结果直接写入输入图层：{path}</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="889" />
            <source>Cancelled; no output was written (earlier files are unchanged).</source>
            <translation>已取消；未写出任何结果（之前的文件未被改动）。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="939" />
            <source>The run had finished when Cancel arrived; its outputs were written.</source>
            <translation>收到取消请求时运行已经完成；其输出已写出。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="940" />
            <source>Written: {paths}</source>
            <translation>已写出：{paths}</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="945" />
            <source>Sequence model finished: {paths}</source>
            <translation>序列模型运行完成：{paths}</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="983" />
            <source>{layer} prediction per depth</source>
            <translation>{layer} 逐深度预测结果</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="1022" />
            <source>Check the raster(s) of the time stack to inspect.</source>
            <translation>请勾选要查看的时序栅格堆栈的栅格。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="1026" />
            <source>Choose the layer of monitoring points to inspect.</source>
            <translation>请选择要查看的监测点图层。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="1033" />
            <source>Choose the well points: a click on a well shows its logs and predicted classes.</source>
            <translation>请选择井点：点击某口井即可显示其测井曲线和预测类别。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="1036" />
            <source>Choose the well id field of the well points.</source>
            <translation>请选择井点的井编号字段。</translation>
        </message>
        <message>
            <location filename="../../ui/sequence_dialog.py" line="1062" />
            <source>Click a pixel, feature or well on the map to plot its series.</source>
            <translation>点击地图上的像元、要素或井以绘制其序列。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="158" />
            <source>Choose the time stack (a raster whose bands are dates, or single-date rasters).</source>
            <translation>请选择时序栅格堆栈（波段对应日期的栅格，或单期栅格）。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="169" />
            <source>The point {x}, {y} is outside the time stack '{name}'; click inside it.</source>
            <translation>点 {x}, {y} 位于时序栅格堆栈“{name}”之外；请在其范围内点击。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="179" />
            <source>The pixel at {x}, {y} of '{name}' is nodata at every date; there is no series to show.</source>
            <translation>“{name}”中位于 {x}, {y} 的像元在所有日期均为无数据值；没有可显示的序列。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="186" />
            <source>feature {n}</source>
            <translation>要素 {n}</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="188" />
            <source>Pixel (row {row}, column {col}) at {x}, {y} of '{name}'</source>
            <translation>“{name}”中位于 {x}, {y} 的像元（第 {row} 行，第 {col} 列）</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="194" />
            <location filename="../../ui/series_tool.py" line="277" />
            <location filename="../../ui/series_tool.py" line="300" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="194" />
            <source>Band (step)</source>
            <translation>波段（时间步）</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="195" />
            <source>Values of '{name}' as stored (before the model's scaling)</source>
            <translation>“{name}”的存储值（模型缩放之前）</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="251" />
            <source>Feature {fid} of '{layer}'</source>
            <translation>“{layer}”的要素 {fid}</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="255" />
            <source>The layer '{layer}' has no id field '{field}' to join the long table; choose the id field.</source>
            <translation>图层“{layer}”中没有用于连接长表的编号字段“{field}”；请选择编号字段。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="264" />
            <source>Feature {fid} ('{id}') of '{layer}' has no rows in the long table.</source>
            <translation>“{layer}”的要素 {fid}（“{id}”）在长表中没有记录。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="273" />
            <source>'{id}' of '{layer}'</source>
            <translation>“{layer}”的“{id}”</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="276" />
            <source>value</source>
            <translation>数值</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="278" />
            <source>Values of the table as stored</source>
            <translation>表中的存储值</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="286" />
            <source>No numeric field of '{layer}' is named by a date (such as 2020-01-31 or 20200131); choose the date fields in the Sequence models dialog, or set the date format their names follow.</source>
            <translation>“{layer}”中没有以日期命名的数值字段（如 2020-01-31 或 20200131）；请在“序列模型”对话框中选择日期字段，或设置其名称所用的日期格式。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="295" />
            <source>Feature {fid} of '{layer}' has no values in its date fields.</source>
            <translation>“{layer}”的要素 {fid} 的日期字段中没有数值。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="299" />
            <source>Values of the date fields of '{layer}' as stored</source>
            <translation>“{layer}”日期字段的存储值</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="323" />
            <source>Well '{id}' of '{layer}' has no rows in the well-log table.</source>
            <translation>“{layer}”的井“{id}”在测井数据表中没有记录。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="328" />
            <source>curve {n}</source>
            <translation>测井曲线 {n}</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="330" />
            <source>Well '{id}'</source>
            <translation>井“{id}”</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="334" />
            <source>Depth</source>
            <translation>深度</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="335" />
            <source>Logs of well '{id}' as stored</source>
            <translation>井“{id}”测井曲线的存储值</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="345" />
            <source>the clicked pixel</source>
            <translation>所点击的像元</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="357" />
            <source>the clicked series</source>
            <translation>所点击的序列</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="360" />
            <source>No prediction: {error}</source>
            <translation>无预测结果：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="365" />
            <source>No prediction: the series has nodata steps and the model masks such series (sequence_gaps).</source>
            <translation>无预测结果：该序列含无数据时间步，而模型会掩膜此类序列（sequence_gaps）。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="375" />
            <source>probability {p:.3f}</source>
            <translation>概率 {p:.3f}</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="378" />
            <source> (from {origin})</source>
            <translation>（来自 {origin}）</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="421" />
            <source>the clicked well</source>
            <translation>所点击的井</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="437" />
            <source>{n} depth sample(s) predicted</source>
            <translation>已预测 {n} 个深度采样点</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="490" />
            <source>Lithoscope — Series</source>
            <translation>Lithoscope — 序列</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="506" />
            <source>Save as PNG…</source>
            <translation>另存为 PNG…</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="550" />
            <source>Save the plot</source>
            <translation>保存图件</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="550" />
            <source>PNG images (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="612" />
            <source>A layer the series tool reads was removed from the project; start it again.</source>
            <translation>序列工具所读取的图层已从工程中移除；请重新启动该工具。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="617" />
            <source>The series could not be shown ({kind}: {error}). Please report it.</source>
            <translation>无法显示该序列（{kind}：{error}）。请报告此问题。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="644" />
            <source>No feature of '{layer}' here; click on a point of the layer.</source>
            <translation>此处没有“{layer}”的要素；请点击该图层的点。</translation>
        </message>
        <message>
            <location filename="../../ui/series_tool.py" line="657" />
            <source>Select a time stack (raster) or a layer of monitoring points in the Layers panel, then click on it.</source>
            <translation>请在图层面板中选择时序栅格堆栈（栅格）或监测点图层，然后在其上点击。</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="38" />
            <source>onnxruntime providers: {available}. A run on this device uses {chosen}.</source>
            <translation>onnxruntime 执行提供程序：{available}。在此设备上运行将使用 {chosen}。</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="69" />
            <source>Default tile size (px)</source>
            <translation>默认分块大小（像素）</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="71" />
            <source>Default tiles per batch</source>
            <translation>默认每批分块数</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="75" />
            <source>Add…</source>
            <translation>添加…</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="75" />
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="85" />
            <source>Model folders</source>
            <translation>模型文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="89" />
            <source>Default output folder</source>
            <translation>默认输出文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="91" />
            <source>tcp://host:8786 (empty = local workers)</source>
            <translation>tcp://host:8786（留空 = 本地工作进程）</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="92" />
            <source>Dask scheduler address</source>
            <translation>Dask 调度器地址</translation>
        </message>
        <message>
            <location filename="../../ui/settings_page.py" line="113" />
            <source>Choose a folder of ONNX models</source>
            <translation>选择 ONNX 模型所在的文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="103" />
            <source>Choose the output folder (Run step).</source>
            <translation>请选择输出文件夹（“运行”步骤）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="106" />
            <source>The output folder {folder} does not exist; create it or choose another.</source>
            <translation>输出文件夹 {folder} 不存在；请创建该文件夹或选择其他文件夹。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="111" />
            <source>Without a factors raster, choose the mapping units and their factor fields.</source>
            <translation>不使用因子栅格时，请选择制图单元及其因子字段。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="115" />
            <source>Choose the factors raster (Factors step), or build the factors.</source>
            <translation>请选择评价因子栅格（“评价因子”步骤），或构建评价因子。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="130" />
            <source>Choose a reference raster or a DEM: it gives the grid of the factors (Factors step).</source>
            <translation>请选择参考栅格或 DEM：它决定评价因子的网格（“评价因子”步骤）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="143" />
            <source>Choose the field of the polygon layer whose classes are a factor.</source>
            <translation>请选择多边形图层中以其类别作为因子的字段。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="148" />
            <source>Choose at least one factor: a DEM with terrain factors, rasters or vector layers.</source>
            <translation>请至少选择一个评价因子：带地形因子的 DEM、栅格或矢量图层。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="161" />
            <source>Choose the landslide inventory (Inventory step).</source>
            <translation>请选择滑坡编录（“滑坡编录”步骤）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="166" />
            <source>Choose at least one validation (Validation step).</source>
            <translation>请至少选择一种验证方式（“验证”步骤）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="168" />
            <source>A temporal validation needs the inventory's year or date field (Inventory step).</source>
            <translation>时间验证需要编录的年份或日期字段（“滑坡编录”步骤）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="205" />
            <source>Choose the units' field that holds the landslides (Mapping units step).</source>
            <translation>请选择单元中记录滑坡的字段（“制图单元”步骤）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="230" />
            <source>Temporal split</source>
            <translation>时间划分</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="325" />
            <source>Step 1 of 3: building {n} factor source(s)…</source>
            <translation>第 1 步，共 3 步：正在构建 {n} 个因子数据源…</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="330" />
            <source>Step 2 of 3: training and validating…</source>
            <translation>第 2 步，共 3 步：正在训练和验证…</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="334" />
            <source>Step 3 of 3: predicting the susceptibility map…</source>
            <translation>第 3 步，共 3 步：正在预测易发性图…</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="370" />
            <source>Lithoscope — Landslide susceptibility</source>
            <translation>Lithoscope — 滑坡易发性</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="380" />
            <source>1 Factors</source>
            <translation>1 评价因子</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="381" />
            <source>2 Inventory</source>
            <translation>2 滑坡编录</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="382" />
            <source>3 Mapping units</source>
            <translation>3 制图单元</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="383" />
            <source>4 Model</source>
            <translation>4 模型</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="384" />
            <source>5 Validation</source>
            <translation>5 验证</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="385" />
            <source>6 Run</source>
            <translation>6 运行</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="391" />
            <source>Back</source>
            <translation>上一步</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="392" />
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="441" />
            <source>Use a factors raster built before</source>
            <translation>使用之前构建的评价因子栅格</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="442" />
            <source>Build the factors now</source>
            <translation>现在构建评价因子</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="446" />
            <source>Its grid (CRS, cell size, extent) is the factors' grid; empty: the DEM's.</source>
            <translation>其网格（坐标参考系、像元大小、范围）即为评价因子的网格；留空：使用 DEM 的网格。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="447" />
            <source>Reference grid</source>
            <translation>参考网格</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="457" />
            <source>{label} (factor name in the factors raster: {code})</source>
            <translation>{label}（在评价因子栅格中的因子名称：{code}）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="462" />
            <source>Continuous rasters</source>
            <translation>连续型栅格</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="464" />
            <source>Categorical rasters</source>
            <translation>分类型栅格</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="466" />
            <source>Distance to (faults, rivers, roads)</source>
            <translation>到以下要素的距离（断层、河流、道路）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="474" />
            <source>Lithology polygons, field</source>
            <translation>岩性多边形，字段</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="475" />
            <source>Fill missing factor values (median, most common class)</source>
            <translation>填补缺失的因子值（中位数、最常见类别）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="479" />
            <source>Factors raster</source>
            <translation>评价因子栅格</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="480" />
            <source>No factors raster: the mapping units' fields are the factors</source>
            <translation>不使用因子栅格：以制图单元的字段作为评价因子</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="489" />
            <source>Each unit is one sample and gets one susceptibility; empty: pixels.</source>
            <translation>每个单元为一个样本，得到一个易发性值；留空：使用像元。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="490" />
            <source>Mapping units (empty: pixels)</source>
            <translation>制图单元（留空：像元）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="493" />
            <source>Fields used as factors</source>
            <translation>用作评价因子的字段</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="496" />
            <source>Numeric fields holding class codes</source>
            <translation>存放类别编码的数值字段</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="498" />
            <source>Perimeter</source>
            <translation>周长</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="498" />
            <source>Compactness</source>
            <translation>紧凑度</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="503" />
            <source>Shape as factors</source>
            <translation>形状作为评价因子</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="504" />
            <source>Standard deviation of each raster factor per unit</source>
            <translation>每个单元各栅格因子的标准差</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="507" />
            <source>the inventory's landslides that meet it</source>
            <translation>与之相交的编录滑坡</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="507" />
            <source>a 0/1 label field</source>
            <translation>0/1 标签字段</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="508" />
            <source>a landslide count field (&gt; 0)</source>
            <translation>滑坡数量字段（&gt; 0）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="516" />
            <source>A unit holds landslides by</source>
            <translation>判定单元含滑坡的依据</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="517" />
            <source>Fill units lacking a value (median, most common value)</source>
            <translation>填补缺少值的单元（中位数、最常见值）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="548" />
            <source>Landslide inventory (points or polygons)</source>
            <translation>滑坡编录（点或多边形）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="552" />
            <source>0/1 label field (empty: every feature is a landslide)</source>
            <translation>0/1 标签字段（留空：每个要素都是滑坡）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="555" />
            <source>Year or date field (temporal validation)</source>
            <translation>年份或日期字段（时间验证）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="559" />
            <source>Study area (optional)</source>
            <translation>研究区（可选）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="563" />
            <source>Absence samples per landslide</source>
            <translation>每个滑坡对应的非滑坡样本数</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="566" />
            <source>Two cells</source>
            <translation>两个像元</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="567" />
            <source>No absences within (m) of a landslide</source>
            <translation>距滑坡该距离（m）以内不取非滑坡样本</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="582" />
            <source>Compare with the other models in the report</source>
            <translation>在报告中与其他模型比较</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="591" />
            <source>Spatial k-fold (the honest figure)</source>
            <translation>空间 k 折交叉验证（可靠的精度）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="592" />
            <source>Temporal: train on earlier, test on later events</source>
            <translation>时间验证：用较早的事件训练，用较晚的事件检验</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="604" />
            <source>Clusters of coordinates (k-means)</source>
            <translation>坐标聚类（k-means）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="605" />
            <source>Spatial folds from</source>
            <translation>空间折划分依据</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="607" />
            <source>a year or date, e.g. 2015; empty: chosen</source>
            <translation>年份或日期，例如 2015；留空：自动选择</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="608" />
            <source>Temporal split (train before, test from)</source>
            <translation>时间划分（之前训练，之后检验）</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="611" />
            <source>The model keeps the fold models inside it for the uncertainty map; tick this to get each fold's model as a file too (larger output folder).</source>
            <translation>模型内部已保存各折模型用于不确定性图；勾选此项可另外得到每一折模型的文件（输出文件夹更大）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="625" />
            <source>Output folder</source>
            <translation>输出文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="627" />
            <source>Quantiles</source>
            <translation>分位数</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="627" />
            <source>Natural breaks</source>
            <translation>自然断点法</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="629" />
            <source>Five classes by</source>
            <translation>五级分区方法</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="770" />
            <location filename="../../ui/susceptibility_dialog.py" line="809" />
            <source>Landslide susceptibility</source>
            <translation>滑坡易发性</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="772" />
            <source>Cancelled; the outputs of this run were not written (earlier files are unchanged).</source>
            <translation>已取消；本次运行的输出未写出（之前的文件未被改动）。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="794" />
            <source>Cross-validated AUC: {auc}. Report: {report}</source>
            <translation>交叉验证 AUC：{auc}。报告：{report}</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="800" />
            <source>Susceptibility map ready.</source>
            <translation>易发性图已完成。</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="801" />
            <source>Open the report</source>
            <translation>打开报告</translation>
        </message>
        <message>
            <location filename="../../ui/susceptibility_dialog.py" line="810" />
            <source>Susceptibility uncertainty</source>
            <translation>易发性不确定性</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="64" />
            <source>Maps from labels</source>
            <translation>由标注制图</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="65" />
            <source>Sequences</source>
            <translation>序列</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="66" />
            <source>Well logs</source>
            <translation>测井曲线</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="67" />
            <source>Autoencoder</source>
            <translation>自编码器</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="68" />
            <source>Void filler</source>
            <translation>空洞填补器</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="69" />
            <source>Encode</source>
            <translation>编码</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="70" />
            <source>Fill voids</source>
            <translation>填补空洞</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="128" />
            <source>Advanced parameters</source>
            <translation>高级参数</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="219" />
            <location filename="../../ui/training_setup.py" line="36" />
            <source>Install training components…</source>
            <translation>安装训练组件…</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="253" />
            <source>The training components (PyTorch in a Python environment of their own) are not installed.</source>
            <translation>训练组件（位于独立 Python 环境中的 PyTorch）尚未安装。</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="257" />
            <source>Training runs in: {python}</source>
            <translation>训练运行于：{python}</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="321" />
            <source>Cancelled; nothing was written.</source>
            <translation>已取消；未写出任何文件。</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="321" />
            <source>The run failed; see the log.</source>
            <translation>运行失败；请查看日志。</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="335" />
            <source>Added to the project: {path}</source>
            <translation>已添加到项目：{path}</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="354" />
            <source>Lithoscope — Train a model</source>
            <translation>Lithoscope — 训练模型</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="359" />
            <source>Training cancelled; no model file was written.</source>
            <translation>训练已取消；未写出模型文件。</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="360" />
            <source>Training failed; see the log.</source>
            <translation>训练失败；请查看日志。</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="365" />
            <source>Done: {model}</source>
            <translation>完成：{model}</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="374" />
            <source>Train a model</source>
            <translation>训练模型</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="381" />
            <source>Add {name} to your models ({folder}), so that Classify and the sequence tools list it?</source>
            <translation>将 {name} 添加到您的模型（{folder}），以便分类和序列工具列出它？</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="388" />
            <source>Added to your models: {path}</source>
            <translation>已添加到您的模型：{path}</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="393" />
            <source>Could not copy the model into {folder}: {error}</source>
            <translation>无法将模型复制到 {folder}：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="396" />
            <source>Open the training report?</source>
            <translation>打开训练报告？</translation>
        </message>
        <message>
            <location filename="../../ui/train_dialog.py" line="410" />
            <source>Lithoscope — Encode and fill voids</source>
            <translation>Lithoscope — 编码与填补空洞</translation>
        </message>
        <message>
            <location filename="../../ui/training_setup.py" line="24" />
            <source>Lithoscope — Training components</source>
            <translation>Lithoscope — 训练组件</translation>
        </message>
        <message>
            <location filename="../../ui/training_setup.py" line="48" />
            <source>Training components found: {python}</source>
            <translation>已找到训练组件：{python}</translation>
        </message>
        <message>
            <location filename="../../ui/training_setup.py" line="51" />
            <source>Training components are not installed. Install creates {venv} (PyTorch, CPU build, about 1 GB).</source>
            <translation>尚未安装训练组件。安装将创建 {venv}（PyTorch CPU 版，约 1 GB）。</translation>
        </message>
        <message>
            <location filename="../../ui/training_setup.py" line="56" />
            <source>To install by hand:
Linux:
{linux}
Windows (OSGeo4W Shell):
{windows}
macOS:
{macos}</source>
            <translation>手动安装：
Linux：
{linux}
Windows（OSGeo4W Shell）：
{windows}
macOS：
{macos}</translation>
        </message>
        <message>
            <location filename="../../ui/training_setup.py" line="76" />
            <source>Stopped with exit code {code}; see the output above, or install by hand.</source>
            <translation>已停止，退出代码 {code}；请查看上方输出，或手动安装。</translation>
        </message>
        <message>
            <location filename="../../ui/training_setup.py" line="80" />
            <source>Installed: {python}</source>
            <translation>已安装：{python}</translation>
        </message>
        <message>
            <source>Trains a small fully convolutional network (U-Net) that maps classes from a raster or aligned rasters (imagery, a DEM, terrain derivatives) and labels: polygons with a class field, or a label raster. Tiles are cut where labels are; whole spatial blocks are held out to test it against a majority class and a random forest trained on the same pixels. Training runs in the training components' own Python (PyTorch), never in QGIS's. Writes the ONNX model (Classify runs it at once), its card (.md) and an HTML report.</source>
            <translation type="obsolete">训练一个小型全卷积网络（U-Net），由一个栅格或多个对齐的栅格（影像、DEM、地形派生量）和标注（带类别字段的多边形，或标注栅格）绘制类别图。在有标注处切取瓦片；整块空间区块被留出，用以与在相同像元上训练的多数类和随机森林比较测试。训练在训练组件自己的 Python（PyTorch）中运行，绝不在 QGIS 的 Python 中。写出 ONNX 模型（分类工具可直接运行）、其模型卡（.md）和 HTML 报告。</translation>
        </message>
        <message>
            <source>Trains a small recurrent or convolutional network (GRU, LSTM or 1-D CNN) over series: the pixels of a band stack (bands = dates in order) under labelled points, the numeric date fields of a vector layer, or a long table (id, time, value columns). A classifier learns a class per series; a forecaster learns the next values of a series from its last steps. Whole groups are held out to test it: k-means groups of the points (classes) or whole stations (forecasts), against a majority class and a random forest, or persistence and a straight line. Training runs in the training components' own Python (PyTorch). Writes the ONNX model (the sequence algorithms run it at once), its card (.md) and an HTML report.</source>
            <translation type="obsolete">在序列上训练一个小型循环或卷积网络（GRU、LSTM 或一维 CNN）：标注点下波段堆栈（波段 = 按顺序的日期）的像元、矢量图层中以日期命名的数值字段，或长表（ID、时间、数值列）。分类器为每条序列学习一个类别；预测器由序列的最近若干步学习其后续数值。整组留出用于测试：点的 k 均值分组（分类）或整个测站（预测），并与多数类和随机森林、或持续性和直线外推比较。训练在训练组件自己的 Python（PyTorch）中运行。写出 ONNX 模型（序列算法可直接运行）、其模型卡（.md）和 HTML 报告。</translation>
        </message>
        <message>
            <source>Forecaster: value field to forecast (empty = the first)</source>
            <translation type="obsolete">预测器：要预测的数值字段（留空 = 第一个）</translation>
        </message>
        <message>
            <source>Runs an autoencoder over a raster (and further continuous layers): writes its k latent bands, usable as susceptibility factors (Build susceptibility factors: continuous factor rasters), and the reconstruction error, an anomaly map (high where the ground differs from what the model learned). Optionally clusters the latent bands into landform units by k-means (K = 0: chosen by silhouette; the same SEED gives the same map), styled, with a table per unit: area (km²) and, with a DEM on the same grid, mean elevation, slope and curvatures. A terrain autoencoder that computes its own terrain factors takes the DEM alone, which is then also the DEM of the table.</source>
            <translation type="obsolete">在栅格（及其他连续图层）上运行自编码器：写出其 k 个潜在波段（可作为易发性因子：构建易发性因子中的连续因子栅格）和重建误差，即异常图（地面与模型所学不同之处数值高）。可选地用 k 均值将潜在波段聚类为地貌单元（K = 0：按轮廓系数选择；相同的 SEED 给出相同的图），并加样式，附每个单元的表：面积（km²），以及在同一格网上有 DEM 时的平均高程、坡度和曲率。自行计算地形因子的地形自编码器只需 DEM，该 DEM 也用于表格。</translation>
        </message>
        <message>
            <source>Fills the nodata voids of a DEM with a void-filler model (a generator trained on terrain, e.g. with 'Train a DEM void filler'). Only void pixels change; every other pixel is copied through bit for bit. The DEM is processed tile by tile with overlapping, blended tiles.

A DEM without voids is left alone (nothing is written). A raster that is all nodata, a classified map (integer classes) and voids wider than the model's tile less its overlap are refused, with the size of the largest void.</source>
            <translation type="obsolete">用空洞填补模型（在地形上训练的生成器，例如用“训练 DEM 空洞填补器”训练）填补 DEM 的无数据空洞。只有空洞像元会改变；其他每个像元都逐位原样复制。DEM 按瓦片处理，瓦片相互重叠并融合。

没有空洞的 DEM 保持不变（不写出任何文件）。全为无数据的栅格、分类图（整数类别）以及宽于模型瓦片减去重叠的空洞都会被拒绝，并给出最大空洞的大小。</translation>
        </message>
        <message>
            <source>The training tile must be a multiple of 32 px, got {n}.</source>
            <translation type="obsolete">训练瓦片必须是 32 像元的倍数，得到的是 {n}。</translation>
        </message>
        <message>
            <source>Trains a landslide susceptibility model on a factors raster (one band per factor, e.g. from Build susceptibility factors) and a landslide inventory, validates it and writes it as an ONNX model that Landslide susceptibility map (and Classify raster) runs.

Inventory: landslide points or polygons in any CRS (a polygon gives the pixels whose centre lies inside it), or, as the raster inventory, a raster where 1 marks landslides. Absences are drawn at random outside a buffer around the landslides (default 2 cells), inside the study area if given, ABSENCE_RATIO times as many as landslides, reproducibly from SEED. With a label field (1 = landslide, 0 = not) the points are used as given.

Mapping units (slope units or any polygons): each unit is one sample. Its factors: the factors raster per unit (mean of continuous factors, with their standard deviation if asked; majority of categorical ones), the unit layer's own fields (numbers as they are, text and fields marked categorical as classes) and its area, perimeter and compactness if asked; with the units' own fields, the factors raster may be left empty. Its label: the units' label field (1/0), their landslide count field (a unit with a count above 0 holds landslides), or the inventory's landslides that meet it. Units lacking a factor value are left out or filled, as chosen; spatial folds hold out units by their centroids.

Models: random forest, logistic regression, gradient boosting, a neural network (MLP) and the frequency-ratio baseline; classes are weighted so landslides and absences count equally.

Validation: random k-fold, spatial k-fold (square blocks or k-means clusters of coordinates held out whole, the honest estimate for a new area; both are run and reported side by side) and temporal (train on landslides before the split year, test on those from it on; needs the year field; the split year is chosen when not given). The metrics JSON holds the AUC of every fold; the HTML report shows ROC and precision-recall curves, success- and prediction-rate curves, the importance of each factor, partial dependence, every model type compared, and explains what the numbers mean. One model per fold is written beside the model (name.foldN.onnx), for the uncertainty map.

Needs scikit-learn and skl2onnx in QGIS's Python.</source>
            <translation type="obsolete">基于评价因子栅格（每个因子一个波段，例如由“构建易发性评价因子”生成）和滑坡编录训练滑坡易发性模型，进行验证，并写出为 ONNX 模型，供“滑坡易发性制图”（以及“栅格分类”）运行。

滑坡编录：任意坐标参考系的滑坡点或多边形（多边形取中心落在其内的像元），或者以栅格编录的形式，用 1 标记滑坡的栅格。非滑坡样本在滑坡周围缓冲区（默认 2 个像元）之外随机抽取，若给定研究区则限定在研究区内，数量为滑坡数的 ABSENCE_RATIO 倍，由 SEED 保证可重复。若提供标签字段（1 = 滑坡，0 = 非滑坡），则按原样使用这些点。

制图单元（斜坡单元或任意多边形）：每个单元为一个样本。其因子：按单元统计的因子栅格（连续型因子取均值，如有需要附加标准差；分类型因子取众数）、单元图层自身的字段（数值保持原值，文本及标记为分类型的字段作为类别），以及如有需要的面积、周长和紧凑度；使用单元自身字段时，因子栅格可以留空。其标签：单元的标签字段（1/0）、其滑坡数量字段（数量大于 0 的单元含滑坡），或与之相交的编录滑坡。缺少因子值的单元按所选方式剔除或填补；空间交叉验证的各折按单元质心划分。

模型：随机森林、逻辑回归、梯度提升、神经网络（MLP）以及频率比基准模型；类别加权，使滑坡与非滑坡样本权重相等。

验证：随机 k 折、空间 k 折（整块留出方形区块或坐标的 k-means 聚类，是对新区域的可靠估计；两者都会运行并并列报告）以及时间验证（用划分年份之前的滑坡训练，用该年及之后的滑坡检验；需要年份字段；未给定时自动选择划分年份）。精度指标 JSON 包含每一折的 AUC；HTML 报告给出 ROC 曲线和精确率-召回率曲线、成功率曲线和预测率曲线、各因子的重要性、部分依赖图、所有模型类型的对比，并解释各数值的含义。每一折的模型写在模型旁（name.foldN.onnx），用于不确定性图。

需要 QGIS 的 Python 中安装 scikit-learn 和 skl2onnx。</translation>
        </message>
        <message>
            <source>Fold models (for the uncertainty map)</source>
            <translation type="obsolete">各折模型（用于不确定性图）</translation>
        </message>
        <message>
            <source>Maps landslide susceptibility with a model from Train landslide susceptibility model (or any ONNX model over the same factors) through Lithoscope's engine, window by window.

Outputs: the probability of a landslide (0 to 1, styled yellow to red); optionally 5 classes (very low to very high) by quantiles, natural breaks, equal intervals or your breaks (e.g. 0.2,0.4,0.6,0.8), with a CSV table beside them (area, share of landslides, density and frequency ratio per class, when an inventory is given; with a label field only its 1 points count as landslides); and the uncertainty: the standard deviation of the cross-validation fold models' probabilities (the .foldN.onnx files written beside the model).

With mapping units, a copy of the unit layer gets the fields susceptibility, class and class_name (and uncertainty, from two fold models or more), styled by class, committed with the rasters. A model trained on units with their own fields or shape maps units only: leave the probability output empty.

The factors raster must hold the factors the model was trained on (matched by name: another order is read in the model's order, a missing or extra factor is refused), with text categories coded as in training (else build the factors with 'Text codes from model'). Pixels of a category never seen in training are counted in a warning.</source>
            <translation type="obsolete">使用“训练滑坡易发性模型”得到的模型（或基于相同因子的任意 ONNX 模型），通过 Lithoscope 的引擎逐窗口制作滑坡易发性图。

输出：滑坡发生概率（0 到 1，以黄到红显示）；可选的 5 级易发性分区（极低到极高），按分位数、自然断点法、等间距或您指定的断点（例如 0.2,0.4,0.6,0.8）划分，并在旁边附 CSV 统计表（提供编录时，包括每级的面积、滑坡占比、密度和频率比；若有标签字段，只有值为 1 的点计为滑坡）；以及不确定性：各交叉验证折模型（写在模型旁的 .foldN.onnx 文件）所得概率的标准差。

使用制图单元时，单元图层的副本会得到 susceptibility、class 和 class_name 字段（若有两个及以上折模型，还有 uncertainty），按等级设置样式，并与栅格一同提交。以单元自身字段或形状训练的模型只能对单元制图：请将概率输出留空。

因子栅格必须包含模型训练时使用的因子（按名称匹配：顺序不同时按模型顺序读取，缺少或多出因子会被拒绝），文本类别的编码须与训练时一致（否则请使用“模型中的文本编码”构建因子）。训练中从未出现过的类别所在像元会在警告中统计。</translation>
        </message>
    </context>
    <context>
        <name>LithoscopeCore</name>
        <message>
            <location filename="../../inference/errors.py" line="26" />
            <source>Cancelled by the user; no output was written.</source>
            <translation>已被用户取消；未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="71" />
            <source>The Dask executor needs the Python package dask.distributed in the Python that QGIS uses. Install it with: {0} -m pip install --user 'distributed==2026.8.0', or run with the local executor.</source>
            <translation>Dask 执行器需要在 QGIS 所用的 Python 中安装 dask.distributed 包。安装命令：{0} -m pip install --user 'distributed==2026.8.0'，或改用本地执行器运行。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="98" />
            <source>The Dask scheduler address '{0}' is not of the form tcp://host:port (e.g. tcp://10.0.0.5:8786).</source>
            <translation>Dask 调度器地址“{0}”不符合 tcp://host:port 格式（例如 tcp://10.0.0.5:8786）。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="105" />
            <source>Cannot reach the Dask scheduler at {0}: {1}. Start the scheduler and its workers (see docs/cluster.md), check the address, or run with the local executor.</source>
            <translation>无法连接到 {0} 处的 Dask 调度器：{1}。请启动调度器及其工作进程（见 docs/cluster.md）、检查地址，或改用本地执行器运行。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="119" />
            <source>Cannot connect to the Dask scheduler at {0}: {1}. Check the address and that the scheduler runs the same dask.distributed version (see docs/cluster.md), or run locally.</source>
            <translation>无法连接到 {0} 处的 Dask 调度器：{1}。请检查地址，并确认调度器运行的 dask.distributed 版本与本机相同（见 docs/cluster.md），或在本地运行。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="123" />
            <source>Dask: connected to {0} ({1} worker(s))</source>
            <translation>Dask：已连接到 {0}（{1} 个工作进程）</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="133" />
            <source>Dask: started a local cluster of {0} worker process(es)</source>
            <translation>Dask：已启动由 {0} 个工作进程组成的本地集群</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="164" />
            <source>The Dask workers could not take the job: {0}. {1}</source>
            <translation>Dask 工作进程无法接收该任务：{0}。{1}</translation>
        </message>
        <message>
            <location filename="../../inference/engine/dask.py" line="185" />
            <source>A Dask worker failed: {0}: {1}. {2}</source>
            <translation>一个 Dask 工作进程失败：{0}：{1}。{2}</translation>
        </message>
        <message>
            <location filename="../../inference/engine/runner.py" line="45" />
            <source>Unknown executor '{0}'; choose one of {1}.</source>
            <translation>未知的执行器“{0}”；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/tiling.py" line="49" />
            <source>The area to process is empty (0 pixels); choose a larger extent.</source>
            <translation>待处理区域为空（0 个像元）；请选择更大的范围。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/tiling.py" line="51" />
            <source>Tile size {0} is too small; use at least 8 pixels (256 is typical).</source>
            <translation>瓦片大小 {0} 过小；至少应为 8 个像元（常用 256）。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/tiling.py" line="53" />
            <source>Tile overlap {0} px must be between 0 and half the tile size ({1} px).</source>
            <translation>瓦片重叠 {0} px 必须介于 0 与瓦片大小的一半（{1} px）之间。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/windows.py" line="178" />
            <source>The model failed on a batch of {0} (it declares {1}, None = any size): {2}. Check that the input has the bands the model expects and try the tile size the model was trained with.</source>
            <translation>模型在一批 {0} 上运行失败（其声明为 {1}，None = 任意大小）：{2}。请检查输入是否具有模型所需的波段，并尝试使用模型训练时的瓦片大小。</translation>
        </message>
        <message>
            <location filename="../../inference/engine/windows.py" line="301" />
            <source>The model produced NaN or infinite values for {0} {1} {2}; nothing was written. Check the input scaling (band offset and scale) against the model's card, and the model{3}.</source>
            <translation>模型对 {0} {1} {2} 输出了 NaN 或无穷值；未写出任何结果。请对照模型说明卡检查输入缩放（波段偏移量和缩放系数），并检查模型{3}。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="145" />
            <source>Scaling gives {0} offsets and {1} scales for {2} band(s); give one per band.</source>
            <translation>缩放设置为 {2} 个波段给出了 {0} 个偏移量和 {1} 个缩放系数；请每个波段给出一个。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="149" />
            <source>A band scale of 0 was given; scales must be non-zero.</source>
            <translation>给出的波段缩放系数为 0；缩放系数必须非零。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="151" />
            <source>The input scaling from {0} holds NaN or infinity; give finite offsets and scales.</source>
            <translation>来自 {0} 的输入缩放含有 NaN 或无穷值；请给出有限的偏移量和缩放系数。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="155" />
            <source>The input scaling from {0} (offset {1}, scale {2}) is out of the range a model's float32 input can hold; give offsets and scales in the raster's units.</source>
            <translation>来自 {0} 的输入缩放（偏移量 {1}，缩放系数 {2}）超出了模型 float32 输入可表示的范围；请按栅格的单位给出偏移量和缩放系数。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="160" />
            <source>The bands are fed to the model as they are (no scaling)</source>
            <translation>各波段按原值输入模型（不缩放）</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="162" />
            <source>Input scaling from {0}: offset {1}, scale {2}</source>
            <translation>输入缩放来自 {0}：偏移量 {1}，缩放系数 {2}</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="164" />
            <source>Input scaling from {0}, one offset and scale per band ({1} bands)</source>
            <translation>输入缩放来自 {0}，每个波段一个偏移量和缩放系数（{1} 个波段）</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/encoding.py" line="170" />
            <source>The model one-hot encodes band '{0}', which the input does not have.</source>
            <translation>模型对波段“{0}”做独热编码，但输入中没有该波段。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="42" />
            <source>Class colour {0} is not #rrggbb.</source>
            <translation>类别颜色 {0} 不是 #rrggbb 格式。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="213" />
            <source>The model has no output Lithoscope can read as classes (probabilities, or labels it lists). Export the class probabilities too (skl2onnx does by default).</source>
            <translation>模型没有可被 Lithoscope 读取为类别的输出（概率，或列出类别的标签）。请同时导出类别概率（skl2onnx 默认如此）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="221" />
            <source>The model outputs class labels only, without the list of classes; give class_names in its metadata (Set model metadata) or export the probabilities too.</source>
            <translation>模型只输出类别标签，没有类别列表；请在其元数据中给出 class_names（设置模型元数据），或同时导出概率。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="229" />
            <source>The model has {0} classes; Lithoscope class maps hold at most 254.</source>
            <translation>模型有 {0} 个类别；Lithoscope 分类图最多容纳 254 个。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="236" />
            <source>The model outputs {0} classes but its metadata names {1} ({2}). Give exactly {3} names, one per class in output order, in class_names (Set model metadata).</source>
            <translation>模型输出 {0} 个类别，但其元数据给出了 {1} 个名称（{2}）。请在 class_names 中按输出顺序、每类一个，恰好给出 {3} 个名称（设置模型元数据）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="366" />
            <source>A probability model must output 1 or 2 channels, this one outputs {0}.</source>
            <translation>概率模型必须输出 1 或 2 个通道，该模型输出 {0} 个。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="375" />
            <source>The model has no 'uncertainty' output (the spread of its fold models), so there is no uncertainty raster to write; train it again with Lithoscope keeping the uncertainty, or leave the uncertainty output empty.</source>
            <translation>该模型没有“uncertainty”输出（各折模型结果的离散程度），因此无法写出不确定性栅格；请用 Lithoscope 重新训练并保留不确定性，或将不确定性输出留空。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="425" />
            <source>An autoencoder needs a latent output and a reconstruction output; this model has {0}. Name them in the metadata: output_roles = {"&lt;name&gt;": "latent", "&lt;name&gt;": "reconstruction"}.</source>
            <translation>自编码器需要一个潜变量输出和一个重建输出；该模型有 {0}。请在元数据中为其命名：output_roles = {"&lt;name&gt;": "latent", "&lt;name&gt;": "reconstruction"}。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="435" />
            <source>The reconstruction has {0} channels but the model was fed {1}.</source>
            <translation>重建结果有 {0} 个通道，但输入模型的是 {1} 个。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="482" />
            <source>The generator outputs {0} band(s) for {1} input band(s); they must match.</source>
            <translation>生成模型对 {1} 个输入波段输出了 {0} 个波段；两者必须一致。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/heads.py" line="508" />
            <source>The generator's values, brought back to the raster's units, overflow; check the model's band offset and scale.</source>
            <translation>生成模型的值换算回栅格单位后溢出；请检查模型的波段偏移量和缩放系数。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/layouts.py" line="80" />
            <source>The model output '{0}' has shape {1}; a per-pixel model must give one row (N, K) or one value (N,) per input row.</source>
            <translation>模型输出“{0}”的形状为 {1}；逐像元模型必须对每个输入行给出一行 (N, K) 或一个值 (N,)。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/layouts.py" line="107" />
            <source>The model output '{0}' holds labels, but the model does not list its classes.</source>
            <translation>模型输出“{0}”为标签，但模型未列出其类别。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/layouts.py" line="120" />
            <source>The model output '{0}' gives label {1}, not one of its classes.</source>
            <translation>模型输出“{0}”给出了标签 {1}，不属于其类别。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/layouts.py" line="135" />
            <source>The model output '{0}' has shape {1}; Lithoscope expects per-pixel maps (N, C, {2}, {3}) of the input tile size, or one score vector per tile (N, C).</source>
            <translation>模型输出“{0}”的形状为 {1}；Lithoscope 需要与输入瓦片大小相同的逐像元图 (N, C, {2}, {3})，或每个瓦片一个得分向量 (N, C)。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="239" />
            <source>{0}: it extrapolates there. Check the units and that the input is what the model takes.</source>
            <translation>{0}：模型在那里是外推。请检查单位，以及输入是否为模型所需。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="254" />
            <source>the values fed to the model {0}: the input is likely in other units than the model's (see its model card; e.g. NDVI as 0..1 where the model takes NDVI x 10000). Give the input in the model's units, or set feature offsets and scales (x' = (x - offset) / scale: BAND_OFFSET / BAND_SCALE in Processing, Feature offsets / scales in the dialog) to match them.</source>
            <translation>输入模型的值{0}：输入的单位很可能与模型的不同（见模型说明卡；例如 NDVI 为 0..1，而模型接受 NDVI x 10000）。请以模型的单位给出输入，或设置特征偏移量和缩放系数（x' = (x - offset) / scale：Processing 中为 BAND_OFFSET / BAND_SCALE，对话框中为“特征偏移量 / 缩放系数”）使之匹配。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="299" />
            <source>The model takes series of any length, so the window of samples around each depth is unknown; give sequence_length in its metadata (Set model metadata).</source>
            <translation>该模型接受任意长度的序列，因此每个深度周围的采样窗口未知；请在其元数据中给出 sequence_length（设置模型元数据）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="379" />
            <source>The sequence model takes {0} time steps x {1} feature(s) per step (= {2} bands, ordered step by step), but {3} has {4} band(s). Give a stack with one band per step and feature.{5}</source>
            <translation>该序列模型每次接受 {0} 个时间步 × 每步 {1} 个特征（= {2} 个波段，按时间步依次排列），但 {3} 有 {4} 个波段。请给出每个时间步和特征各一个波段的栅格堆栈。{5}</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="386" />
            <source>The sequence model takes {0} feature(s) per step, but {1} gives {2}. Choose the value columns (curves) the model was trained on, in its order.</source>
            <translation>该序列模型每步接受 {0} 个特征，但 {1} 给出了 {2} 个。请按模型的顺序选择训练时所用的数值列（测井曲线）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="407" />
            <source>{0} time step(s) in {1}{2} are too few for the model: it takes {3} step(s){4}, so it needs {5} time steps{6}. Give a longer series (more dates, bands or samples).{7}</source>
            <translation>{1}{2} 中的 {0} 个时间步对该模型来说太少：它接受 {3} 个时间步{4}，因此需要 {5} 个时间步{6}。请给出更长的序列（更多日期、波段或采样点）。{7}</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="414" />
            <source>The model takes exactly {0} time steps{1} ({2}), but there are {3} in {4}{5}, which give {6}: a step count the model does not accept. Give {7} time steps (the dates or bands the model was trained on), or, for a model that reads the latest steps (a forecaster), set sequence_window to last in its metadata.</source>
            <translation>该模型只接受恰好 {0} 个时间步{1}（{2}），但 {4}{5} 中有 {3} 个，给出 {6}：模型不接受这一步数。请给出 {7} 个时间步（模型训练时所用的日期或波段）；若模型读取最新的时间步（预测模型），请在其元数据中将 sequence_window 设为 last。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="435" />
            <source>The scaling from {0} gives {1} value(s); a sequence model takes one per feature ({2}), one for all, or one per step and feature ({3}).</source>
            <translation>来自 {0} 的缩放给出了 {1} 个值；序列模型需要每个特征一个（{2}）、全部共用一个，或每个时间步和特征各一个（{3}）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/sequences.py" line="441" />
            <source>The scaling from {0} holds NaN, infinity or a zero scale; give finite, non-zero ones.</source>
            <translation>来自 {0} 的缩放含有 NaN、无穷值或为零的缩放系数；请给出有限且非零的值。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="76" />
            <source>The model's task is '{0}', which this version of Lithoscope does not run; it runs: {1}. Set the task in the model metadata (Set model metadata) if it is one of these.</source>
            <translation>模型的任务为“{0}”，此版本的 Lithoscope 不能运行；可运行的任务有：{1}。若其属于其中之一，请在模型元数据中设置任务（设置模型元数据）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="91" />
            <source>A {0} model takes {1} input, but this model's input has shape {2} (None = any size). Export it with that input shape.</source>
            <translation>{0} 模型接受 {1} 输入，但该模型的输入形状为 {2}（None = 任意大小）。请以该输入形状导出模型。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="121" />
            <source>The model has {0} inputs; Lithoscope feeds several inputs to tile models only.</source>
            <translation>该模型有 {0} 个输入；Lithoscope 只对瓦片模型提供多个输入。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="130" />
            <source>A sequence model needs its sequence pre-processing (SequenceEncoding).</source>
            <translation>序列模型需要其序列预处理（SequenceEncoding）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="146" />
            <source>The model expects {0} {1}{2}, but {3} {4} of '{5}' were given.{6} Add the missing layers after the input (Classify: 'Further layers'; Processing: LAYERS) in the model's order, or pick the bands to use (Classify: 'Bands'; Processing: BANDS).</source>
            <translation>模型需要 {0} {1}{2}，但给出的是“{5}”的 {3} {4}。{6} 请按模型的顺序在输入之后添加缺少的图层（栅格分类：“其他图层”；Processing：LAYERS），或选择要使用的波段（栅格分类：“波段”；Processing：BANDS）。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="161" />
            <source>Model metadata 'input_roles' gives '{0}' for '{1}'; use values or mask.</source>
            <translation>模型元数据“input_roles”为“{1}”给出了“{0}”；请使用 values 或 mask。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="165" />
            <source>The model has {0} inputs ({1}); Lithoscope feeds two inputs to generator models only: the values and a void mask (1 where the input is void). Say which is which with input_roles in the metadata.</source>
            <translation>该模型有 {0} 个输入（{1}）；Lithoscope 只对生成模型提供两个输入：数值和空值掩膜（输入为空值处为 1）。请在元数据的 input_roles 中说明各自的角色。</translation>
        </message>
        <message>
            <location filename="../../inference/kinds/tasks.py" line="171" />
            <source>The only input of the model, '{0}', must take the values.</source>
            <translation>模型唯一的输入“{0}”必须接收数值。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="154" />
            <source>Model metadata holds JSON nested too deeply to read; write it again.</source>
            <translation>模型元数据中的 JSON 嵌套过深，无法读取；请重新写入。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="171" />
            <location filename="../../inference/model/contract.py" line="173" />
            <source>Model metadata '{0}' must be a number, got {1}.</source>
            <translation>模型元数据“{0}”必须为数字，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="179" />
            <source>Model metadata '{0}' must be a finite number, got {1}.</source>
            <translation>模型元数据“{0}”必须为有限数字，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="183" />
            <source>Model metadata '{0}' is {1}; expected a number{2}{3}.</source>
            <translation>模型元数据“{0}”为 {1}；应为数字{2}{3}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="190" />
            <source>Model metadata '{0}' must be a whole number, got {1}.</source>
            <translation>模型元数据“{0}”必须为整数，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="205" />
            <source>Model metadata '{0}' must be a list of numbers, got {1}.</source>
            <translation>模型元数据“{0}”必须为数字列表，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="207" />
            <source>Model metadata '{0}' is empty; give one number per band.</source>
            <translation>模型元数据“{0}”为空；请每个波段给出一个数字。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="209" />
            <source>Model metadata '{0}' has {1} values; at most {2} bands are supported.</source>
            <translation>模型元数据“{0}”有 {1} 个值；最多支持 {2} 个波段。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="215" />
            <source>Model metadata '{0}' must be a list of numbers, all finite, got {1}.</source>
            <translation>模型元数据“{0}”必须为全部有限的数字列表，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="223" />
            <source>Model metadata '{0}' must be text, got {1}.</source>
            <translation>模型元数据“{0}”必须为文本，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="235" />
            <source>Model metadata '{0}' must map class numbers to names, got key {1}.</source>
            <translation>模型元数据“{0}”必须将类别编号映射到名称，实际含有键 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="237" />
            <source>Model metadata '{0}' has class number {1}; expected 0 to {2}.</source>
            <translation>模型元数据“{0}”含有类别编号 {1}；应为 0 到 {2}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="239" />
            <source>Model metadata '{0}' gives {1} for class {2}; expected a name.</source>
            <translation>模型元数据“{0}”为类别 {2} 给出了 {1}；应为名称。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="249" />
            <source>Model metadata '{0}' has {1} entries; at most {2} are supported.</source>
            <translation>模型元数据“{0}”有 {1} 项；最多支持 {2} 项。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="252" />
            <source>Model metadata '{0}' must be a list of names, got {1} in it.</source>
            <translation>模型元数据“{0}”必须为名称列表，其中却有 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="256" />
            <source>Model metadata '{0}' must be a list or an object of names, got {1}.</source>
            <translation>模型元数据“{0}”必须为名称列表或名称对象，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="266" />
            <source>Model metadata '{0}' has colour {1}; each colour must be #rrggbb (or #rrggbbaa).</source>
            <translation>模型元数据“{0}”含有颜色 {1}；每种颜色必须为 #rrggbb（或 #rrggbbaa）。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="273" />
            <source>Model metadata '{0}' is {1}; expected one of {2}.</source>
            <translation>模型元数据“{0}”为 {1}；应为 {2} 之一。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="279" />
            <source>Model metadata '{0}' must map tensor names to roles, got {1}.</source>
            <translation>模型元数据“{0}”必须将张量名称映射到角色，实际为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="303" />
            <source>This is an object-detection model (Deepness model_type 'Detector'); Lithoscope runs segmentation, classification, regression and other per-pixel models, not detectors.</source>
            <translation>这是一个目标检测模型（Deepness model_type 为“Detector”）；Lithoscope 运行语义分割、分类、回归及其他逐像元模型，不运行检测模型。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="315" />
            <source>Model metadata '{0}' is empty; expected one of {1}.</source>
            <translation>模型元数据“{0}”为空；应为 {1} 之一。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="330" />
            <source>Model metadata 'class_names' names {0} classes; at most 254.</source>
            <translation>模型元数据“class_names”给出了 {0} 个类别；最多 254 个。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="353" />
            <source>Model metadata '{0}' gives a scale of 0; every scale must be non-zero.</source>
            <translation>模型元数据“{0}”给出的缩放系数为 0；所有缩放系数都必须非零。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="355" />
            <source>Model metadata '{0}' gives scaling too large to use; check its values.</source>
            <translation>模型元数据“{0}”给出的缩放过大，无法使用；请检查其数值。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="372" />
            <source>Model metadata 'tile_overlap_px' is {0} px, more than half the tile size ({1} px): tiles would overlap more than they advance. Give an overlap of at most {2} px.</source>
            <translation>模型元数据“tile_overlap_px”为 {0} px，超过瓦片大小的一半（{1} px）：瓦片的重叠将大于其步进。请给出不超过 {2} px 的重叠。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="394" />
            <source>Model metadata 'band_kinds' has {0}; each must be continuous or categorical.</source>
            <translation>模型元数据“band_kinds”含有 {0}；每项必须为 continuous 或 categorical。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="399" />
            <source>Model metadata 'band_ranges' must be a list of [low, high] pairs (or null), one per band.</source>
            <translation>模型元数据“band_ranges”必须为 [low, high] 对（或 null）的列表，每个波段一项。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="409" />
            <source>Model metadata 'band_ranges' has {0}; each entry is [low, high] or null.</source>
            <translation>模型元数据“band_ranges”含有 {0}；每项应为 [low, high] 或 null。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="415" />
            <source>Model metadata 'band_categories' must map band names to lists of category values.</source>
            <translation>模型元数据“band_categories”必须将波段名称映射到类别值列表。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="420" />
            <source>Model metadata 'band_categories' lists {0} categories for {1}; at most 254.</source>
            <translation>模型元数据“band_categories”为 {1} 列出了 {0} 个类别；最多 254 个。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="436" />
            <source>{0}, not {1}.</source>
            <translation>{0}，而不是 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="440" />
            <source>{0}; '{1}' has {2}.</source>
            <translation>{0}；“{1}”有 {2}。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="443" />
            <source>Model metadata 'band_derived' computes '{0}' as terrain factor '{1}', which Lithoscope does not know; use one of {2}.</source>
            <translation>模型元数据“band_derived”将“{0}”计算为地形因子“{1}”，Lithoscope 不认识该因子；请使用 {2} 之一。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="448" />
            <source>Model metadata 'band_derived' names '{0}' of '{1}'; both must be in band_names ({2}).</source>
            <translation>模型元数据“band_derived”给出了“{1}”的“{0}”；两者都必须在 band_names（{2}）中。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="455" />
            <source>Model metadata 'band_derived' computes '{0}' of '{1}', which is computed itself; compute every band of a band the run is given.</source>
            <translation>模型元数据“band_derived”计算“{1}”的“{0}”，而后者本身也是计算得到的；请只由运行时给定的波段计算每个波段。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="475" />
            <source>Model metadata 'sequence_scaling' is per_feature, but the metadata gives no band_offset or band_scale; give one value per feature (or one for all).</source>
            <translation>模型元数据“sequence_scaling”为 per_feature，但元数据中没有 band_offset 或 band_scale；请每个特征给出一个值（或全部共用一个）。</translation>
        </message>
        <message>
            <location filename="../../inference/model/contract.py" line="508" />
            <source>Model metadata gives {0} band offsets/means but {1} scales/stds.</source>
            <translation>模型元数据给出了 {0} 个波段偏移量/均值，但有 {1} 个缩放系数/标准差。</translation>
        </message>
        <message>
            <location filename="../../inference/model/onnx_file.py" line="186" />
            <source>Model file not found: {0}</source>
            <translation>未找到模型文件：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/model/onnx_file.py" line="188" />
            <source>Cannot read the model file {0}: {1}</source>
            <translation>无法读取模型文件 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../inference/model/onnx_file.py" line="222" />
            <source>{0} is not a valid ONNX model (the file is corrupt, truncated or of another format). Export the network to ONNX (e.g. torch.onnx.export or skl2onnx) and choose the .onnx file.</source>
            <translation>{0} 不是有效的 ONNX 模型（文件损坏、不完整或为其他格式）。请将网络导出为 ONNX（例如 torch.onnx.export 或 skl2onnx）并选择 .onnx 文件。</translation>
        </message>
        <message>
            <location filename="../../inference/model/registry.py" line="35" />
            <source>No model was given: choose an .onnx file or a shipped model.</source>
            <translation>未给出模型：请选择一个 .onnx 文件或内置模型。</translation>
        </message>
        <message>
            <location filename="../../inference/model/registry.py" line="43" />
            <source>Model '{0}' is neither an existing file nor a shipped model (shipped: {1}).</source>
            <translation>模型“{0}”既不是现有文件，也不是内置模型（内置模型：{1}）。</translation>
        </message>
        <message>
            <location filename="../../inference/model/registry.py" line="114" />
            <source>No model folder is set: add one in Settings &gt; Options &gt; Lithoscope.</source>
            <translation>未设置模型文件夹：请在“设置 &gt; 选项 &gt; Lithoscope”中添加。</translation>
        </message>
        <message>
            <location filename="../../inference/model/registry.py" line="120" />
            <source>'{0}' is already in {1}; rename the file or remove the other one first.</source>
            <translation>“{0}”已存在于 {1} 中；请重命名该文件，或先删除另一个。</translation>
        </message>
        <message>
            <location filename="../../inference/model/session.py" line="30" />
            <source>onnxruntime is not installed in the Python that QGIS uses ({0}). Install it with: {1} -m pip install --user onnxruntime (on Debian 12 and newer add --break-system-packages; on Windows run python -m pip install onnxruntime in the OSGeo4W Shell), then restart QGIS.</source>
            <translation>QGIS 所用的 Python（{0}）中未安装 onnxruntime。安装命令：{1} -m pip install --user onnxruntime（Debian 12 及更新版本需加 --break-system-packages；Windows 上请在 OSGeo4W Shell 中运行 python -m pip install onnxruntime），然后重启 QGIS。</translation>
        </message>
        <message>
            <location filename="../../inference/model/session.py" line="59" />
            <source>Unknown device '{0}'; choose one of {1}.</source>
            <translation>未知设备“{0}”；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../inference/model/session.py" line="65" />
            <source>The CUDA device was asked for, but the installed onnxruntime has no CUDA support (available: {0}). Install onnxruntime-gpu with matching CUDA libraries, or choose the CPU device.</source>
            <translation>请求使用 CUDA 设备，但已安装的 onnxruntime 不支持 CUDA（可用：{0}）。请安装 onnxruntime-gpu 及匹配的 CUDA 库，或选择 CPU 设备。</translation>
        </message>
        <message>
            <location filename="../../inference/model/session.py" line="129" />
            <source>The model expects non-square {0}x{1} tiles; Lithoscope needs square tiles.</source>
            <translation>该模型需要非正方形的 {0}x{1} 瓦片；Lithoscope 需要正方形瓦片。</translation>
        </message>
        <message>
            <location filename="../../inference/model/session.py" line="192" />
            <source>Model '{0}' takes channels-last tiles {1} (N, H, W, C); Lithoscope feeds channels-first tiles (N, C, H, W). Export it with channels first: in PyTorch this is the default; from TensorFlow use tf2onnx with --inputs-as-nchw, or add a Transpose at the model's input.</source>
            <translation>模型“{0}”接受通道在后的瓦片 {1} (N, H, W, C)；Lithoscope 提供通道在前的瓦片 (N, C, H, W)。请以通道在前的方式导出：PyTorch 默认如此；TensorFlow 请使用 tf2onnx 的 --inputs-as-nchw，或在模型输入处添加 Transpose。</translation>
        </message>
        <message>
            <location filename="../../inference/model/session.py" line="282" />
            <source>Model '{0}' takes {1} input '{2}'; Lithoscope feeds float tensors (export the model with float inputs, e.g. skl2onnx FloatTensorType).</source>
            <translation>模型“{0}”接受 {1} 输入“{2}”；Lithoscope 提供浮点张量（请以浮点输入导出模型，例如 skl2onnx 的 FloatTensorType）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="37" />
            <source>Plots need matplotlib, which is not installed in the Python that QGIS uses ({0}). Install it with: {1} -m pip install --user matplotlib (on Windows it comes with the OSGeo4W QGIS installer), or run without plots (PLOTS = false).</source>
            <translation>绘图需要 matplotlib，但 QGIS 所用的 Python（{0}）中未安装。安装命令：{1} -m pip install --user matplotlib（Windows 上 OSGeo4W QGIS 安装程序自带），或不绘图运行（PLOTS = false）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="134" />
            <source>The times of the series are neither dates nor numbers; give dates (YYYY-MM-DD) or numbers.</source>
            <translation>序列的时间既不是日期也不是数字；请给出日期（YYYY-MM-DD）或数字。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="144" />
            <source>The {0} to plot must be one series (T,) or (T, F), got shape {1}.</source>
            <translation>要绘制的{0}必须是一条序列 (T,) 或 (T, F)，实际形状为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="173" />
            <source>The series has {0} value(s) but {1} time(s); give one time per step.</source>
            <translation>该序列有 {0} 个值，但有 {1} 个时间；请每个时间步给出一个时间。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="185" />
            <source>The forecast has {0} step(s) but {1} time(s); give one time per forecast step.</source>
            <translation>预测有 {0} 步，但有 {1} 个时间；请每个预测步给出一个时间。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="191" />
            <source>forecast {n}</source>
            <translation>预测 {n}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="208" />
            <source>{name} (forecast)</source>
            <translation>{name}（预测）</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="282" />
            <source>A strip log needs at least one curve or the classes.</source>
            <translation>测井柱状图至少需要一条测井曲线或类别。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="291" />
            <source>The curve '{0}' has {1} sample(s) but there are {2} depth(s).</source>
            <translation>测井曲线“{0}”有 {1} 个采样点，但有 {2} 个深度。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="302" />
            <source>There are {0} class value(s) but {1} depth(s); give one per depth.</source>
            <translation>有 {0} 个类别值，但有 {1} 个深度；请每个深度给出一个。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="316" />
            <location filename="../../learning/report.py" line="257" />
            <source>class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="321" />
            <source>classes</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="325" />
            <source>Depth</source>
            <translation>深度</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="351" />
            <source>The series to plot must be (N, T) or (N, T, F) with T = {0} time(s), got shape {1}.</source>
            <translation>要绘制的序列必须为 (N, T) 或 (N, T, F)，其中 T = {0} 个时间，实际形状为 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="356" />
            <source>There are {0} class value(s) for {1} series; give one per series.</source>
            <translation>{1} 条序列有 {0} 个类别值；请每条序列给出一个。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="371" />
            <source>{name} (n = {n})</source>
            <translation>{name}（n = {n}）</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="399" />
            <source>There is no series to plot.</source>
            <translation>没有可绘制的序列。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="538" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="538" />
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/figures.py" line="538" />
            <source>Step</source>
            <translation>时间步</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="26" />
            <source>The {0} {1} is written as a GeoTIFF, but its name says another format; give it the extension .tif (e.g. {2}.tif).</source>
            <translation>{0} {1} 以 GeoTIFF 格式写出，但其文件名表示另一种格式；请使用扩展名 .tif（例如 {2}.tif）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="35" />
            <source>No output file was given; give the path of the file to write (e.g. classes.tif).</source>
            <translation>未给出输出文件；请给出要写入的文件路径（例如 classes.tif）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="39" />
            <source>The output {0} is a folder; give a file name inside it (e.g. {1}/classes.tif).</source>
            <translation>输出 {0} 是一个文件夹；请在其中给出文件名（例如 {1}/classes.tif）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="41" />
            <location filename="../../inference/outputs/geotiff.py" line="43" />
            <source>The output {0} is the input raster; choose another file name so the input is kept.</source>
            <translation>输出 {0} 就是输入栅格；请选择其他文件名，以保留输入。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="45" />
            <source>The output folder {0} does not exist; create it or choose another.</source>
            <translation>输出文件夹 {0} 不存在；请创建该文件夹或另选一个。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="49" />
            <source>The output folder {0} is not writable; choose a folder you can write to.</source>
            <translation>输出文件夹 {0} 不可写；请选择有写入权限的文件夹。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/geotiff.py" line="51" />
            <source>The output file {0} exists and is read-only; choose another file name.</source>
            <translation>输出文件 {0} 已存在且为只读；请选择其他文件名。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/locks.py" line="198" />
            <source>Cannot write in the folder of {0} ({1}); choose an output folder you can write to.</source>
            <translation>无法在 {0} 所在的文件夹中写入（{1}）；请选择有写入权限的输出文件夹。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/locks.py" line="218" />
            <source>Another Lithoscope run ({0}) is writing {1} right now. Wait until it has finished, or choose another output file name.{2}</source>
            <translation>另一个 Lithoscope 运行（{0}）正在写入 {1}。请等待其完成，或选择其他输出文件名。{2}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="58" />
            <source>Warning: no plots are written. {0}</source>
            <translation>警告：未写出任何图件。{0}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="80" />
            <source>Warning: the plot {0} could not be drawn ({1}); it was not written.</source>
            <translation>警告：图件 {0} 无法绘制（{1}）；未写出。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="83" />
            <source>Plot: {0}</source>
            <translation>图件：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="155" />
            <source>no result (masked: gaps or no values)</source>
            <translation>无结果（已掩膜：存在缺失或无值）</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="184" />
            <source>{name}: {n} of {total} series</source>
            <translation>{name}：{total} 条序列中的 {n} 条</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="231" />
            <source>Warning: {0} wells; strip logs are drawn for the first {1} only.</source>
            <translation>警告：共 {0} 口井；只绘制前 {1} 口井的测井柱状图。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="242" />
            <source>curve {n}</source>
            <translation>测井曲线 {n}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="250" />
            <source>{field} (model)</source>
            <translation>{field}（模型）</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="262" />
            <source>well {well}</source>
            <translation>井 {well}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="329" />
            <source>no valid pixel in the sampled tiles</source>
            <translation>采样瓦片中没有有效像元</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="355" />
            <source>{name}: mean ± std of the series per predicted class ({n} sampled pixels)</source>
            <translation>{name}：各预测类别序列的均值 ± 标准差（{n} 个采样像元）</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="383" />
            <source>sample pixel {n}</source>
            <translation>采样像元 {n}</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/plots.py" line="400" />
            <source>{name}: {n} sample pixel(s)</source>
            <translation>{name}：{n} 个采样像元</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/polygons.py" line="32" />
            <location filename="../../inference/pipelines/classify.py" line="201" />
            <source>The polygon output {0} must be a GeoPackage (.gpkg).</source>
            <translation>多边形输出 {0} 必须为 GeoPackage（.gpkg）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/recovery.py" line="100" />
            <source>An earlier Lithoscope run was stopped (killed, or QGIS closed) while it put {0} output file(s) in place in {1}; its commit was {2}.</source>
            <translation>此前一次 Lithoscope 运行在将 {0} 个输出文件放入 {1} 时被中止（进程被终止或 QGIS 被关闭）；其提交记录为 {2}。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/recovery.py" line="127" />
            <source>Removed {0} temporary file(s) that runs which did not finish left in {1}: {2}.</source>
            <translation>已删除未完成的运行在 {1} 中留下的 {0} 个临时文件：{2}。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="104" />
            <source>Only GeoPackage and Shapefile layers can get the results on the layer itself; {0} is a {1} file. Write the results to a copy (leave 'write to the input layer' off), or save the layer as a GeoPackage first.</source>
            <translation>只有 GeoPackage 和 Shapefile 图层可以将结果直接写入图层本身；{0} 是 {1} 文件。请将结果写入副本（不勾选“写入输入图层”），或先将图层另存为 GeoPackage。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="112" />
            <source>The layer {0} (or its folder) is read-only, so its fields cannot be changed; write the results to a copy instead (leave 'write to the input layer' off).</source>
            <translation>图层 {0}（或其所在文件夹）为只读，无法修改其字段；请改为将结果写入副本（不勾选“写入输入图层”）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="122" />
            <source>The field prefix '{0}' must start with a letter or underscore and hold only letters, digits and underscores (e.g. seq_).</source>
            <translation>字段前缀“{0}”必须以字母或下划线开头，且只含字母、数字和下划线（例如 seq_）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="162" />
            <source>{0} is {1}; expected {2}. Nothing was changed. {3} (fields of those names then count as not written by Lithoscope: give a field prefix), or write the results to a copy.</source>
            <translation>{0} 为 {1}；应为 {2}。未做任何更改。{3}（这些名称的字段此后将视为并非由 Lithoscope 写入：请给出字段前缀），或将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="208" />
            <source>The layer {0} already has the field(s) {1}, which Lithoscope did not write; nothing was changed. Give a prefix for the new fields (FIELD_PREFIX), or write the results to a copy instead.</source>
            <translation>图层 {0} 已有字段 {1}，并非由 Lithoscope 写入；未做任何更改。请为新字段给出前缀（FIELD_PREFIX），或改为将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="216" />
            <source>The field '{0}' of {1}, written by Lithoscope before, holds {2} values but this run writes {3} ones; nothing was changed. Delete that field, or give a prefix for the new fields (FIELD_PREFIX).</source>
            <translation>{1} 的字段“{0}”此前由 Lithoscope 写入，存放的是 {2} 值，但本次运行写入的是 {3} 值；未做任何更改。请删除该字段，或为新字段给出前缀（FIELD_PREFIX）。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="230" />
            <location filename="../../inference/sources/features.py" line="98" />
            <source>The layer has no field '{0}'; its fields: {1}.</source>
            <translation>图层没有字段“{0}”；其字段有：{1}。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="237" />
            <source>Cancelled by the user; the layer was not changed and no output was written.</source>
            <translation>已被用户取消；图层未被修改，也未写出任何输出。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="261" />
            <source>Cannot open {0} for writing ({1}); close what holds it (an edit session, another program) or write the results to a copy.</source>
            <translation>无法打开 {0} 进行写入（{1}）；请关闭占用它的程序（编辑会话或其他程序），或将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="267" />
            <source>The layer of {0} cannot be changed (a view?); write the results to a copy.</source>
            <translation>{0} 的图层无法修改（是视图吗？）；请将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="298" />
            <source>Cannot read {0} ({1}), the list of the fields Lithoscope wrote on {2}; nothing was changed. Make it readable, or write the results to a copy.</source>
            <translation>无法读取 {0}（{1}），即 Lithoscope 在 {2} 上写入的字段列表；未做任何更改。请使其可读，或将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="305" />
            <source>The Shapefile {0} has no .dbf file (its attributes), so no fields can be added to it; write the results to a copy instead.</source>
            <translation>Shapefile {0} 没有 .dbf 文件（属性表），无法添加字段；请改为将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/outputs/vector.py" line="338" />
            <source>The changes to {0} could not be saved ({1}); the layer was not changed. Close what holds it (an edit session, another program) and run again, or write the results to a copy.</source>
            <translation>对 {0} 的更改无法保存（{1}）；图层未被修改。请关闭占用它的程序（编辑会话或其他程序）后重新运行，或将结果写入副本。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="101" />
            <source>Cannot read the mask polygons {0}: {1}</source>
            <translation>无法读取掩膜多边形 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="103" />
            <source>The mask layer {0} has no features; nothing would be processed. Choose a mask layer with polygons, or leave the mask empty to process the whole raster.</source>
            <translation>掩膜图层 {0} 没有要素；将不会处理任何内容。请选择含有多边形的掩膜图层，或不设掩膜以处理整个栅格。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="141" />
            <source>The model only accepts {0}x{1} tiles; using {2} instead of {3}.</source>
            <translation>该模型只接受 {0}x{1} 的瓦片；使用 {2} 代替 {3}。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="157" />
            <source>the CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="159" />
            <source>the GPU (CUDA)</source>
            <translation>GPU（CUDA）</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="169" />
            <source>Warning: the raster has {0} m pixels but the model was trained on {1} m; results may be poor. Resample the raster to the model's resolution for best results.</source>
            <translation>警告：栅格像元大小为 {0} m，而模型是在 {1} m 分辨率上训练的；结果可能较差。为获得最佳结果，请将栅格重采样到模型的分辨率。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="186" />
            <source>No output file was given; give the path of the class map to write (e.g. classes.tif).</source>
            <translation>未给出输出文件；请给出要写入的分类图路径（例如 classes.tif）。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="199" />
            <location filename="../../inference/pipelines/tables.py" line="273" />
            <location filename="../../susceptibility/workflow.py" line="136" />
            <source>Two outputs have the same file name; give each output its own file.</source>
            <translation>两个输出的文件名相同；请为每个输出指定各自的文件。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="203" />
            <source>The mask layer has no polygons; nothing would be processed. Choose another layer.</source>
            <translation>掩膜图层没有多边形；将不会处理任何内容。请选择其他图层。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="214" />
            <source>NONFINITE must be one of {0}, not '{1}'.</source>
            <translation>NONFINITE 必须为 {0} 之一，而不是“{1}”。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="218" />
            <source>The model {0} takes input of shape {1}, not {2} {3}; run it with Classify raster instead.</source>
            <translation>模型 {0} 接受形状为 {1} 的输入，而不是 {2} {3}；请改用“栅格分类”运行。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="231" />
            <location filename="../../inference/pipelines/classify.py" line="282" />
            <location filename="../../inference/pipelines/classify.py" line="418" />
            <location filename="../../inference/pipelines/classify.py" line="477" />
            <location filename="../../inference/pipelines/classify.py" line="484" />
            <location filename="../../inference/pipelines/features.py" line="62" />
            <location filename="../../inference/pipelines/sequence_raster.py" line="51" />
            <location filename="../../inference/pipelines/tables.py" line="139" />
            <location filename="../../inference/pipelines/wells.py" line="181" />
            <location filename="../../susceptibility/factors.py" line="270" />
            <location filename="../../susceptibility/factors.py" line="292" />
            <location filename="../../susceptibility/workflow.py" line="187" />
            <location filename="../../susceptibility/workflow.py" line="1165" />
            <location filename="../../susceptibility/workflow.py" line="1577" />
            <location filename="../../learning/common.py" line="412" />
            <source>Warning: {0}</source>
            <translation>警告：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="233" />
            <source>Done: {0} pixels written in {1} s ({2} s in the model; {3} windows, {4} of them empty)</source>
            <translation>完成：已写出 {0} 个像元，用时 {1} s（模型用时 {2} s；{3} 个窗口，其中 {4} 个为空）</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="257" />
            <source>Output activation '{0}' is unknown; choose one of {1}.</source>
            <translation>输出激活函数“{0}”未知；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="294" />
            <source>Model {0} ({1}), running on {2}</source>
            <translation>模型 {0}（{1}），运行于 {2}</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="300" />
            <source>{0} in tiles of {1} px overlapping by {2} px</source>
            <translation>{0}，瓦片大小 {1} px，重叠 {2} px</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="303" />
            <source>{0}, pixel by pixel{1}, {2} x {3} px at a time</source>
            <translation>{0}，逐像元{1}，每次 {2} x {3} px</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="386" />
            <source>Band kinds {0} must give continuous or categorical for each of the {1} band(s).</source>
            <translation>波段类型 {0} 必须为 {1} 个波段中的每一个给出 continuous 或 categorical。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="400" />
            <source>{0} pixel(s) where the model gave NaN or infinity were written as nodata.</source>
            <translation>模型输出 NaN 或无穷大的 {0} 个像元已写为无数据（nodata）。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="405" />
            <source>The probabilities range from {0} to {1}, outside 0 to 1: the model most likely outputs logits (output_activation is '{2}'). Set the output activation to {3}: the run parameter OUTPUT_ACTIVATION, or output_activation in the model metadata (Set model metadata).</source>
            <translation>概率范围为 {0} 到 {1}，超出了 0 到 1：模型很可能输出的是 logits（output_activation 为“{2}”）。请将输出激活函数设为 {3}：运行参数 OUTPUT_ACTIVATION，或模型元数据中的 output_activation（设置模型元数据）。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="419" />
            <source>Stack of {0} band(s) on the grid of {1}: {2}</source>
            <translation>{0} 个波段的堆栈，位于 {1} 的网格上：{2}</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="443" />
            <source>The model computes {0} from the raster, which needs a grid in metres or in degrees of latitude and longitude; {1} is {2}. Reproject it to a projected CRS in metres first (Raster &gt; Projections &gt; Warp), or give every band of the model.</source>
            <translation>模型需要从栅格计算 {0}，这要求格网以米或经纬度（度）为单位；{1} {2}。请先将其重投影到以米为单位的投影坐标系（栅格 &gt; 投影 &gt; 变形（重投影）），或提供模型的全部波段。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="456" />
            <source>Computed from the raster per window: {0}, with a halo of {1} px</source>
            <translation>逐窗口由栅格计算：{0}，缓冲边 {1} px</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="467" />
            <source>The raster is in degrees: its cells are measured in metres at each window's latitude</source>
            <translation>该栅格以度为单位：其像元大小按每个窗口所在纬度换算为米</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/classify.py" line="480" />
            <location filename="../../susceptibility/factors.py" line="296" />
            <source>Warning: {0}{1}</source>
            <translation>警告：{0}{1}</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="46" />
            <source>Warning: the model was not run to count its classes ({0}); class names and colours were not checked.</source>
            <translation>警告：未运行模型来统计其类别（{0}）；未检查类别名称和颜色。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="51" />
            <source>{0} colours are given for the model's {1} classes. Give exactly {2} colours (#rrggbb), one per class in output order, or none.</source>
            <translation>为模型的 {1} 个类别给出了 {0} 种颜色。请按输出顺序、每类一种，恰好给出 {2} 种颜色（#rrggbb），或不给出。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="61" />
            <source>Class name {0} of {1} is empty. Give each class a name (class names are comma-separated, in output order).</source>
            <translation>第 {0} 个类别名称（共 {1} 个）为空。请为每个类别命名（类别名称以逗号分隔，按输出顺序）。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="67" />
            <source>The class name '{0}' is given more than once; a legend could not tell those classes apart. Give each class a different name.</source>
            <translation>类别名称“{0}”出现了不止一次；图例将无法区分这些类别。请为每个类别取不同的名称。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="86" />
            <source>The task '{0}' does not fit this model: its input has {1} dimensions {2}, {3}, which the tasks {4} take ({5}). Choose one of those tasks, or leave Task empty to keep the model's.</source>
            <translation>任务“{0}”不适合该模型：其输入有 {1} 个维度 {2}，{3}，这是任务 {4} 所接受的（{5}）。请选择其中一个任务，或将“任务”留空以保留模型自身的任务。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="100" />
            <source>{0} band names are given, but the model takes {1} {2} (its input channels). Give exactly {3} names, one per {4} in input order.</source>
            <translation>给出了 {0} 个波段名称，但模型接受 {1} 个{2}（其输入通道）。请按输入顺序、每个{4}一个，恰好给出 {3} 个名称。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="107" />
            <source>{0} band {1} are given, but the model takes {2} {3} (its input channels). Give exactly {4} {5}, one per {6}, or one for all.</source>
            <translation>给出了 {0} 个波段{1}，但模型接受 {2} 个{3}（其输入通道）。请恰好给出 {4} 个{5}，每个{6}一个，或全部共用一个。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/describe.py" line="116" />
            <source>The model only takes tiles of {0} x {1} px (its input shape is fixed), so a tile size of {2} px cannot be used. Set the tile size to {3}, or leave it empty.</source>
            <translation>该模型只接受 {0} x {1} px 的瓦片（其输入形状固定），因此不能使用 {2} px 的瓦片大小。请将瓦片大小设为 {3}，或留空。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="67" />
            <source>{0} series on {1} time step(s), {2} value(s) per step</source>
            <translation>{0} 条序列，{1} 个时间步，每步 {2} 个值</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="78" />
            <source>{0} series on a regular grid of {1} {2}(s), {3} step(s), {4} value(s) per step, each ending at its own last complete time ({5})</source>
            <translation>{0} 条序列，位于间隔为 {1} {2} 的规则网格上，{3} 个时间步，每步 {4} 个值，各自结束于其最后一个完整时间（{5}）</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="83" />
            <source>{0} observation(s) share a grid step with a nearer one and were left out.</source>
            <translation>{0} 个观测值与更近的观测值落在同一网格步上，已被略去。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="105" />
            <source>Each series has at most {0} time(s), as many as the model takes, but the series do not share their times: together they have {1} different times ({2} to {3}), so each series would be {4} steps, mostly gaps. Give every series on the same {5} dates (e.g. one year or season, as the model was trained on), or run the model once per group of series that share their dates.{6}</source>
            <translation>每条序列最多有 {0} 个时间，与模型所需相同，但各序列的时间并不一致：合计有 {1} 个不同的时间（{2} 至 {3}），因此每条序列将有 {4} 步，大部分为缺失。请在相同的 {5} 个日期上给出所有序列（例如与模型训练时一样，取一年或一个季节），或对每组日期相同的序列分别运行模型。{6}</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="129" />
            <source>The times of the table are plain numbers ({0}) that look like decimal years, while the model's step is in days (sequence_interval_days = {1}), so each number would count as one day. Give the times as dates (e.g. 2018-04-14): convert the decimal years to dates first.</source>
            <translation>表格中的时间是看似小数年份的普通数字（{0}），而模型的时间步以天为单位（sequence_interval_days = {1}），因此每个数字将被当作一天。请以日期形式给出时间（例如 2018-04-14）：先将小数年份转换为日期。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="135" />
            <source>Warning: the times of the table are plain numbers ({0}), read in the model's step unit (sequence_interval_days = {1}, days): many share one step. If they are not days, give the times as dates (e.g. 2018-04-14).</source>
            <translation>警告：表格中的时间是普通数字（{0}），按模型的时间步单位读取（sequence_interval_days = {1}，天）：许多落在同一步中。若它们不是天数，请以日期形式给出时间（例如 2018-04-14）。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="148" />
            <source>Warning: the times are unevenly spaced (steps of {0} to {1}, the longest after {2}); the model is fed steps, not dates. For a model trained on a regular step, give sequence_interval_days in its metadata.</source>
            <translation>警告：时间间隔不均匀（步长 {0} 至 {1}，最长一步位于 {2} 之后）；模型接收的是时间步，而不是日期。对于在规则步长上训练的模型，请在其元数据中给出 sequence_interval_days。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="155" />
            <source>Warning: {0} series have no values at the last time ({1}): {2}. Their last steps are gaps (interpolation holds their last value). A forecaster should give sequence_interval_days in its metadata, so that each series is forecast from its own last time.</source>
            <translation>警告：{0} 条序列在最后时间（{1}）没有值：{2}。其最后几步为缺失（插值沿用其最后一个值）。预测模型应在其元数据中给出 sequence_interval_days，使每条序列从各自的最后时间开始预测。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="191" />
            <source>The results go either onto the input layer or to a copy; give no output file in place.</source>
            <translation>结果要么写入输入图层，要么写入副本；直接写入时不要给出输出文件。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="211" />
            <source>The series plots are written beside a copy; in place, none are written.</source>
            <translation>序列图件写在副本旁边；直接写入图层时不写出图件。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="242" />
            <location filename="../../learning/sequences.py" line="407" />
            <source>Dates of the fields: {0} to {1} ({2})</source>
            <translation>字段的日期：{0} 至 {1}（{2}）</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/features.py" line="245" />
            <source>A long table needs the id field that joins it to the layer.</source>
            <translation>长表需要将其连接到图层的 id 字段。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/sequence_raster.py" line="43" />
            <source>The raster {0} is given more than once (rasters {1} and {2} of the stack); give each date's raster once, in date order.</source>
            <translation>栅格 {0} 被给出了不止一次（堆栈中的第 {1} 和第 {2} 个栅格）；请按日期顺序，每个日期的栅格只给出一次。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/sequence_raster.py" line="59" />
            <source>Dates of the stack: {0} to {1} ({2})</source>
            <translation>堆栈的日期：{0} 至 {1}（{2}）</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/sequence_raster.py" line="62" />
            <source>The bands carry no dates (in their descriptions or file names); they are taken in their order.</source>
            <translation>波段不带日期（描述和文件名中均没有）；按其顺序使用。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/tables.py" line="72" />
            <source>The model {0} takes input of shape {1}; the sequence tools run models that take series (N, T, F). Use Classify raster for it.</source>
            <translation>模型 {0} 接受形状为 {1} 的输入；序列工具运行接受序列 (N, T, F) 的模型。请改用“栅格分类”运行它。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/tables.py" line="233" />
            <source>Warning: {0} of {1} {2} were masked for their gaps (their fields are empty): {3}.</source>
            <translation>警告：{1} 个{2}中有 {0} 个因存在缺失（字段为空）而被掩膜：{3}。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/tables.py" line="238" />
            <source>Warning: {0} series where the model gave NaN or infinity were left empty.</source>
            <translation>警告：模型给出 NaN 或无穷值的 {0} 条序列留为空。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/tables.py" line="263" />
            <source>The output {0} must be a {1} file.</source>
            <translation>输出 {0} 必须为 {1} 文件。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/tables.py" line="267" />
            <source>The output {0} is {1} itself; choose another file name (the results go to a new file, and the input is never changed).</source>
            <translation>输出 {0} 就是 {1} 本身；请选择其他文件名（结果写入新文件，输入永远不会被修改）。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/units.py" line="62" />
            <source>{0} must be one row of values per id; got {1} for {2} id(s).</source>
            <translation>{0} 必须每个 id 一行数值；实际为 {2} 个 id 给出了 {1}。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/units.py" line="74" />
            <source>The model {0} takes input of shape {1}, not rows (N, F).</source>
            <translation>模型 {0} 接受形状为 {1} 的输入，而不是行 (N, F)。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/wells.py" line="128" />
            <source>Writing the summary onto the well points needs the points (WELLS) and their id field.</source>
            <translation>将汇总写入井点需要井点（WELLS）及其 id 字段。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/wells.py" line="130" />
            <source>The summary goes either onto the well points or to a copy; give no copy in place.</source>
            <translation>汇总要么写入井点，要么写入副本；直接写入时不要给出副本。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/wells.py" line="135" />
            <source>A well summary layer needs the well points (WELLS) and their id field.</source>
            <translation>井汇总图层需要井点（WELLS）及其 id 字段。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/wells.py" line="147" />
            <source>Warning: the model gives no classes, so the well points get no summary fields.</source>
            <translation>警告：该模型不给出类别，因此井点不会获得汇总字段。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/wells.py" line="176" />
            <source>{0}{1} value(s) of {2} in the logs were read as gaps (the LAS null value); give the nodata value if the logs use another, or if that value is a real measurement in them.</source>
            <translation>测井数据中 {2} 的 {0}{1} 个值被读作缺失（LAS 空值）；若测井使用其他空值，或该值在其中是真实测量值，请给出 nodata 值。</translation>
        </message>
        <message>
            <location filename="../../inference/pipelines/wells.py" line="211" />
            <source>{0} well(s), {1} depth samples, windows of {2} sample(s) centred on each depth</source>
            <translation>{0} 口井，{1} 个深度采样点，以每个深度为中心、{2} 个采样点的窗口</translation>
        </message>
        <message>
            <location filename="../../inference/sources/base.py" line="130" />
            <source>Layer {0}: kind '{1}' is unknown; use continuous or categorical.</source>
            <translation>图层 {0}：类型“{1}”未知；请使用 continuous 或 categorical。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/checks.py" line="95" />
            <source>{0} '{1}' has values from {2} to {3}, beyond any elevation on Earth in metres ({4} to {5} m): it is likely in other units (millimetres, micrometres) or holds an undeclared nodata value. Convert it to metres (Raster Calculator, e.g. "dem@1" / 1000 for millimetres) or declare its nodata value, then run again; nothing was written.</source>
            <translation>{0}“{1}”的取值范围为 {2} 至 {3}，超出了地球上以米为单位的任何高程（{4} 至 {5} m）：它很可能采用其他单位（毫米、微米），或含有未声明的 nodata 值。请将其转换为米（栅格计算器，例如毫米用 "dem@1" / 1000）或声明其 nodata 值，然后重新运行；未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/checks.py" line="118" />
            <source>the band the model takes as '{0}' ranges from {1} to {2}, beyond any elevation in metres: give the elevation in metres (or declare the raster's nodata value).</source>
            <translation>模型作为“{0}”读取的波段取值范围为 {1} 到 {2}，超出了任何以米为单位的高程：请提供以米为单位的高程（或声明栅格的无数据值）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/checks.py" line="129" />
            <source>the band the model takes as '{0}' (a slope in degrees) ranges from {1} to {2}, outside 0 to 90°: check that it is a slope in degrees.</source>
            <translation>模型作为“{0}”（以度为单位的坡度）读取的波段取值范围为 {1} 到 {2}，超出了 0 到 90°：请检查它是否为以度为单位的坡度。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/checks.py" line="134" />
            <source>the band the model takes as '{0}' (a slope in degrees) ranges from {1} to {2}, as a slope in radians would: convert it to degrees (Raster Calculator: "slope@1" * 57.29578).</source>
            <translation>模型作为“{0}”（以度为单位的坡度）读取的波段取值范围为 {1} 到 {2}，与弧度制坡度相符：请将其转换为度（栅格计算器："slope@1" * 57.29578）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/checks.py" line="181" />
            <source>{0} of the sampled values of '{1}' ({2} to {3}) lie outside the range the model was trained on ({4} to {5}): it extrapolates there. Check the band's units and that it is the band the model takes.</source>
            <translation>“{1}”的抽样值中有 {0}（{2} 到 {3}）位于模型训练范围（{4} 到 {5}）之外：模型在这些地方是外推。请检查该波段的单位，并确认它就是模型所需的波段。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="54" />
            <source>The date format '{0}' cannot be used: give one in strptime codes, such as %Y-%m-%d, %Y%m%d or %d/%m/%Y (%Y year, %m month, %d day, %H:%M:%S time), or leave it empty for the common formats.</source>
            <translation>日期格式“{0}”无法使用：请以 strptime 代码给出，例如 %Y-%m-%d、%Y%m%d 或 %d/%m/%Y（%Y 年，%m 月，%d 日，%H:%M:%S 时间），或留空以使用常见格式。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="67" />
            <source>The {0}(s) {1} are not dates (formats tried: {2}). Give dates such as 2020-01-31, or set the date format (e.g. %d/%m/%Y).</source>
            <translation>{0} {1} 不是日期（已尝试的格式：{2}）。请给出形如 2020-01-31 的日期，或设置日期格式（例如 %d/%m/%Y）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="79" />
            <source>The {0}s '{1}' and '{2}' are the same date ({3}); each date may appear once.</source>
            <translation>{0}“{1}”和“{2}”是同一日期（{3}）；每个日期只能出现一次。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="84" />
            <source>The {0}s are not in date order: '{1}' ({2}) comes after '{3}' ({4}). Put them in date order.</source>
            <translation>{0}未按日期排序：“{1}”（{2}）位于“{3}”（{4}）之后。请按日期排序。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="135" />
            <source>{0} dates for {1} x {2} bands ({3} features per step)</source>
            <translation>{0} 个日期，对应 {1} x {2} 个波段（每步 {3} 个特征）</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="142" />
            <source>{0} dates were given for {1} band(s); give one date per band ({2} dates) or {3}.</source>
            <translation>为 {1} 个波段给出了 {0} 个日期；请每个波段给出一个日期（{2} 个日期）或 {3}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="149" />
            <source>No band name matches the date format {0}; examples: {1}. With a date format the whole name (band description or file name) must follow it: fix the format, or leave it empty to find common formats (2020-01-31, 20200131) inside the names.</source>
            <translation>没有波段名称符合日期格式 {0}；示例：{1}。使用日期格式时，整个名称（波段描述或文件名）都必须符合该格式：请修正格式，或留空以在名称中查找常见格式（2020-01-31、20200131）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="159" />
            <source>{0} of the {1} bands {2} no date in their description or file name, while the others do: {3}{4}. Give the dates of all bands (DATES), name those bands or files by their dates, or leave those bands out.</source>
            <translation>{1} 个波段中有 {0} 个{2}描述或文件名中没有日期，而其他波段有：{3}{4}。请给出所有波段的日期（DATES）、以日期命名这些波段或文件，或去掉这些波段。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/dates.py" line="182" />
            <source>Each date of the stack comes {0} times in a row (e.g. {1}), but the model takes {2} feature(s) per step, so each date may appear once{3}. Remove the duplicate bands or rasters, or give each band its own date (DATES).</source>
            <translation>堆栈中每个日期连续出现 {0} 次（例如 {1}），但模型每步接受 {2} 个特征，因此每个日期只能出现一次{3}。请删除重复的波段或栅格，或为每个波段给出各自的日期（DATES）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="27" />
            <source>Cannot open the vector layer {0}: {1}</source>
            <translation>无法打开矢量图层 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="29" />
            <source>Cannot open the vector layer {0}.</source>
            <translation>无法打开矢量图层 {0}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="32" />
            <source>The file {0} has no layer '{1}'.</source>
            <translation>文件 {0} 中没有图层“{1}”。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="63" />
            <source>The layer has no field(s) {0}; its fields: {1}.</source>
            <translation>图层没有字段 {0}；其字段有：{1}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="68" />
            <source>No numeric field of the layer is named by a date in the format {0} (its numeric fields: {1}); the whole name must follow the format. Fix the format, or leave it empty to find common formats (2020-01-31, 20200131) in the names.</source>
            <translation>图层中没有以格式 {0} 的日期命名的数值字段（其数值字段：{1}）；整个名称必须符合该格式。请修正格式，或留空以在名称中查找常见格式（2020-01-31、20200131）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="75" />
            <source>No numeric field of the layer is named by a date (such as 2020-01-31 or 20200131); choose the date fields, or set the date format their names follow.</source>
            <translation>图层中没有以日期（如 2020-01-31 或 20200131）命名的数值字段；请选择日期字段，或设置其名称所遵循的日期格式。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="82" />
            <source>The date field(s) {0} are not numeric; the series must be numbers.</source>
            <translation>日期字段 {0} 不是数值型；序列必须为数字。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="115" />
            <source>Warning: {0} id(s) of {1} are not in the layer ({2}); they get no summary.</source>
            <translation>警告：{1} 的 id 中有 {0} 个不在图层中（{2}）；它们不会获得汇总。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="117" />
            <source>{0} of the {1} id(s) of {2} are not in the layer: {3} (the layer has e.g. {4}). Check the id fields of both; nothing was written.</source>
            <translation>{2} 的 {1} 个 id 中有 {0} 个不在图层中：{3}（图层中例如有 {4}）。请检查两者的 id 字段；未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/features.py" line="125" />
            <source>Warning: {0} feature(s) of the layer have no rows in {1}; their new fields are empty.</source>
            <translation>警告：图层中有 {0} 个要素在 {1} 中没有对应行；其新字段为空。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="34" />
            <source>Reading LAS files needs the Python package lasio, which is not installed in the Python that QGIS uses ({0}). Install it with: {1} -m pip install --user lasio==0.32 (on Debian 12 and newer add --break-system-packages; on Windows run python -m pip install lasio==0.32 in the OSGeo4W Shell), then restart QGIS. Or give the logs as a table (well, depth, curves).</source>
            <translation>读取 LAS 文件需要 Python 包 lasio，但 QGIS 所用的 Python（{0}）中未安装。安装命令：{1} -m pip install --user lasio==0.32（Debian 12 及更新版本需加 --break-system-packages；Windows 上请在 OSGeo4W Shell 中运行 python -m pip install lasio==0.32），然后重启 QGIS。或以表格形式给出测井数据（井、深度、测井曲线）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="56" />
            <source>The folder {0} holds no .las files; choose the folder of the LAS files.</source>
            <translation>文件夹 {0} 中没有 .las 文件；请选择 LAS 文件所在的文件夹。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="60" />
            <source>The LAS file {0} does not exist; check the path.</source>
            <translation>LAS 文件 {0} 不存在；请检查路径。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="67" />
            <source>No LAS files were given; give the files of the wells, or their folder.</source>
            <translation>未给出 LAS 文件；请给出各井的文件或其所在文件夹。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="80" />
            <source>Well '{0}' ({1}) has the curve '{2}' {3} times ({4}); choose one of them by that name. Its curves: {5}.</source>
            <translation>井“{0}”（{1}）中测井曲线“{2}”出现了 {3} 次（{4}）；请按该名称选择其中一条。其测井曲线：{5}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="84" />
            <source>Well '{0}' ({1}) has no curve '{2}', which the model needs; its curves: {3}. Choose the curves by their LAS mnemonics, in the model's order.</source>
            <translation>井“{0}”（{1}）没有模型所需的测井曲线“{2}”；其测井曲线：{3}。请按模型的顺序以 LAS 助记符选择测井曲线。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="91" />
            <source>The curve '{0}' of well '{1}' ({2}) holds text, not numbers.</source>
            <translation>井“{1}”（{2}）的测井曲线“{0}”存放的是文本，而不是数字。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="108" />
            <source>The file {0} is not a LAS file that can be read ({1}); give LAS 1.2 or 2.0 files (one well each).</source>
            <translation>文件 {0} 不是可读取的 LAS 文件（{1}）；请给出 LAS 1.2 或 2.0 文件（每个文件一口井）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="112" />
            <source>The LAS file {0} has no depth samples with log curves; give a LAS file with a ~Curve section (depth first) and data.</source>
            <translation>LAS 文件 {0} 没有带测井曲线的深度采样点；请给出含 ~Curve 段（深度在前）和数据的 LAS 文件。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="125" />
            <source>Sample {0} of well '{1}' ({2}) has no depth (the NULL value in the depth curve '{3}'); every sample needs its depth.</source>
            <translation>井“{1}”（{2}）的第 {0} 个采样点没有深度（深度曲线“{3}”中为 NULL 值）；每个采样点都需要深度。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="156" />
            <source>Give the curves the model takes, by their LAS mnemonics (such as GR, RHOB), in the model's order; the model's metadata names none (band_names).</source>
            <translation>请按模型的顺序，以 LAS 助记符（如 GR、RHOB）给出模型所需的测井曲线；模型的元数据中没有给出（band_names）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="166" />
            <source>Well '{0}' is in two LAS files, {1} and {2} (the id is the WELL header item, else the file name); give each well one file, or fix its WELL item.</source>
            <translation>井“{0}”出现在两个 LAS 文件中：{1} 和 {2}（id 取 WELL 头信息项，否则取文件名）；请每口井只给出一个文件，或修正其 WELL 项。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="177" />
            <source>The depths of the LAS files are in different units ({0}); give every well in one unit.</source>
            <translation>各 LAS 文件的深度单位不同（{0}）；请所有井使用同一单位。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="183" />
            <source>Depths of wells in other units were converted to {0}.</source>
            <translation>其他单位的井深度已换算为 {0}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/las.py" line="184" />
            <source>{0} LAS file(s): well(s) {1}; curves {2}; depths in {3}</source>
            <translation>{0} 个 LAS 文件：井 {1}；测井曲线 {2}；深度单位 {3}</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="161" />
            <source>Input raster not found: {0}. Check the path, or choose the layer again.</source>
            <translation>未找到输入栅格：{0}。请检查路径，或重新选择图层。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="163" />
            <source>The input {0} is a folder; choose a raster file inside it.</source>
            <translation>输入 {0} 是一个文件夹；请在其中选择一个栅格文件。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="165" />
            <source>The raster file '{0}' is empty (0 bytes): it was not written completely. Save or export it again, or choose another file.</source>
            <translation>栅格文件“{0}”为空（0 字节）：未完整写入。请重新保存或导出，或选择其他文件。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="173" />
            <source>'{0}' is a vector layer, not a raster. Choose a raster as the input; vector layers can join it as extra layers of a stack (LAYERS), burned onto the raster's grid.</source>
            <translation>“{0}”是矢量图层，不是栅格。请选择栅格作为输入；矢量图层可作为堆栈的附加图层（LAYERS）加入，栅格化到该栅格的网格上。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="179" />
            <location filename="../../inference/sources/raster.py" line="186" />
            <source>'{0}' has no raster bands; choose a raster with at least one band.</source>
            <translation>“{0}”没有栅格波段；请选择至少有一个波段的栅格。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="180" />
            <source>'{0}' is not a raster GDAL can read, or is corrupt or truncated ({1}). Choose a raster file (a GeoTIFF, say), or export the layer again (Raster &gt; Conversion &gt; Translate).</source>
            <translation>“{0}”不是 GDAL 可读取的栅格，或已损坏、不完整（{1}）。请选择栅格文件（例如 GeoTIFF），或重新导出该图层（栅格 &gt; 转换 &gt; 转换格式）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="256" />
            <source>The raster '{0}' has no coordinate reference system. Assign one (QGIS: Raster &gt; Projections &gt; Assign Projection, or layer Properties &gt; Source) and run again.</source>
            <translation>栅格“{0}”没有坐标参考系。请为其指定一个（QGIS：栅格 &gt; 投影 &gt; 指定投影，或图层属性 &gt; 源），然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="263" />
            <location filename="../../inference/sources/stack.py" line="303" />
            <source>Band {0} does not exist: '{1}' has {2} band(s). Choose bands from 1 to {3} (BANDS).</source>
            <translation>波段 {0} 不存在：“{1}”有 {2} 个波段。请选择 1 到 {3} 之间的波段（BANDS）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="270" />
            <source>Raster data type {0} is not supported; convert it to one of {1}.</source>
            <translation>不支持栅格数据类型 {0}；请将其转换为 {1} 之一。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="281" />
            <source>The extent {0} is not four finite numbers (xmin, ymin, xmax, ymax).</source>
            <translation>范围 {0} 不是四个有限数字（xmin, ymin, xmax, ymax）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="284" />
            <source>The extent {0} is empty; xmax must exceed xmin and ymax exceed ymin.</source>
            <translation>范围 {0} 为空；xmax 必须大于 xmin，ymax 必须大于 ymin。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="295" />
            <source>The chosen extent does not overlap the raster; pan to the raster or use its full extent.</source>
            <translation>所选范围与栅格不重叠；请平移到栅格处或使用其全部范围。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="317" />
            <source>The input '{0}' has no valid pixels in the chosen area (all nodata).</source>
            <translation>输入“{0}”在所选区域内没有有效像元（全部为 nodata）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/raster.py" line="346" />
            <source>{0} of the sampled values of '{1}' are {2}, the {3} {4} value, and the raster has no nodata value: likely a fill value, which the model now reads as data. Set the raster's nodata (e.g. gdal_edit.py -a_nodata {5} on the file, or Raster &gt; Conversion &gt; Translate with that nodata value) and run again.</source>
            <translation>“{1}”的抽样值中有 {0} 等于 {2}（{3} {4} 值），而该栅格未设置无数据值：这很可能是填充值，模型现在会把它当作数据读取。请设置栅格的无数据值（例如对该文件运行 gdal_edit.py -a_nodata {5}，或用“栅格 &gt; 转换 &gt; 转换格式”并设置该无数据值）后重新运行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="48" />
            <source>There are no series to run the model on (no features, or no rows with values). Choose a layer or table with features whose fields hold the series, or add features to it.</source>
            <translation>没有可运行模型的序列（没有要素，或没有带数值的行）。请选择字段中存有序列的要素所在的图层或表格，或向其添加要素。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="61" />
            <source>The series of '{0}' has {1} times but {2} rows of values.</source>
            <translation>“{0}”的序列有 {1} 个时间，但有 {2} 行数值。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="65" />
            <source>The series of '{0}' has {1} value(s) per time; the others {2}.</source>
            <translation>“{0}”的序列每个时间有 {1} 个值；其他序列为 {2} 个。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="98" />
            <source>The {0} {1} are the model's features in another order; they are fed in the model's order: {2}.</source>
            <translation>{0} {1} 是模型的特征，但顺序不同；将按模型的顺序输入：{2}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="104" />
            <source>Warning: the model's features are {0} (band_names in its metadata), but none of the {1} {2} is named so; they are fed in the order given. Check that it is the model's order.</source>
            <translation>警告：模型的特征为 {0}（其元数据中的 band_names），但 {1} 个{2}中没有一个以此命名；将按给定的顺序输入。请确认这是模型的顺序。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="115" />
            <source>The {0} {1} are only partly the model's features, {2} (band_names in its metadata): {3}. Choose the {4} of exactly those features (in any order: they are fed in the model's order).</source>
            <translation>{0} {1} 只有一部分是模型的特征 {2}（其元数据中的 band_names）：{3}。请恰好选择这些特征的{4}（顺序任意：将按模型的顺序输入）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="149" />
            <source>The longest series spans {0} steps of {1} (sequence_interval_days in the model's metadata); at most 100 000 fit a run. Give the model's sequence_length with sequence_window last, or shorter series.</source>
            <translation>最长的序列跨越 {0} 个 {1} 的时间步（模型元数据中的 sequence_interval_days）；一次运行最多容纳 100 000 步。请给出模型的 sequence_length 并将 sequence_window 设为 last，或给出更短的序列。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="217" />
            <source>Row {0} of {1} has {2} in '{3}', not a number: '{4}' is not a numeric column. Choose numeric columns only (VALUE_FIELDS; for well logs, CURVES).</source>
            <translation>{1} 的第 {0} 行在“{3}”中为 {2}，不是数字：“{4}”不是数值列。请只选择数值列（VALUE_FIELDS；测井数据为 CURVES）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="222" />
            <source>Row {0} of {1} has {2} value(s), the rows before it {3}; give every row one value per value column.</source>
            <translation>{1} 的第 {0} 行有 {2} 个值，之前的行为 {3} 个；请每行为每个数值列给出一个值。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="234" />
            <source>{0} has no rows (only a header?); give one row per {1}.</source>
            <translation>{0} 没有数据行（只有表头？）；请每个{1}给出一行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="237" />
            <source>The columns of {0} differ in length ({1}); give every row each column.</source>
            <translation>{0} 的各列长度不同（{1}）；请每行给出每一列。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="247" />
            <source>Row {0} of the table has no id; give every row an id.</source>
            <translation>表格的第 {0} 行没有 id；请为每行给出 id。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="257" />
            <source>{0} time value(s) of the table are not dates or numbers: {1} ({2}). Set the date format, or fix those rows.</source>
            <translation>表格中有 {0} 个时间值不是日期或数字：{1}（{2}）。请设置日期格式，或修正这些行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="262" />
            <source>The time column mixes dates and plain numbers; give one or the other.</source>
            <translation>时间列混有日期和普通数字；请只使用其中一种。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/series.py" line="279" />
            <source>The id '{0}' has two rows for the time {1}; each id may have one row per time.{2}</source>
            <translation>id“{0}”在时间 {1} 有两行；每个 id 在每个时间只能有一行。{2}</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="228" />
            <source>No input layers were given; choose at least one raster.</source>
            <translation>未给出输入图层；请至少选择一个栅格。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="231" />
            <source>A stack needs at least one raster to give its grid; add a raster layer.</source>
            <translation>堆栈至少需要一个栅格来确定其网格；请添加一个栅格图层。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="234" />
            <source>The reference layer of a stack must be one of its rasters.</source>
            <translation>堆栈的参考图层必须是其中的一个栅格。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="248" />
            <source>The vector layer {0} has no features. Choose a layer with features, or remove it from the further layers.</source>
            <translation>矢量图层 {0} 没有要素。请选择含有要素的图层，或将其从其他图层中移除。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="289" />
            <source>Input raster not found: {0}</source>
            <translation>未找到输入栅格：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="293" />
            <source>Cannot open the raster {0}: {1}. Is it a raster that GDAL can read?</source>
            <translation>无法打开栅格 {0}：{1}。它是 GDAL 可读取的栅格吗？</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="296" />
            <source>The raster '{0}' has no coordinate reference system, so it cannot be aligned with the other layers. Assign one (Raster &gt; Projections &gt; Assign Projection) and run again.</source>
            <translation>栅格“{0}”没有坐标参考系，因此无法与其他图层对齐。请为其指定一个（栅格 &gt; 投影 &gt; 指定投影），然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="309" />
            <location filename="../../susceptibility/factors.py" line="175" />
            <source>Raster data type {0} of '{1}' is not supported.</source>
            <translation>不支持“{1}”的栅格数据类型 {0}。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="313" />
            <source>The raster '{0}' does not overlap the area of the reference layer '{1}' (after reprojection to its CRS); check the layers and their CRSs.</source>
            <translation>栅格“{0}”与参考图层“{1}”的区域不重叠（重投影到其坐标参考系之后）；请检查图层及其坐标参考系。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/stack.py" line="336" />
            <source>The layer '{0}' covers about {1} % of the area; pixels outside it are nodata.</source>
            <translation>图层“{0}”约覆盖区域的 {1}%；其范围外的像元为无数据。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="61" />
            <source>{0} has no coordinate reference system, so its features cannot be placed on the grid. Assign one (layer Properties &gt; Source &gt; Assigned coordinate reference system, then Export &gt; Save Features As) and run again.</source>
            <translation>{0} 没有坐标参考系，因此其要素无法放到网格上。请为其指定一个（图层属性 &gt; 源 &gt; 指定的坐标参考系，然后导出 &gt; 要素另存为），然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="71" />
            <source>Vector layer not found: {0}</source>
            <translation>未找到矢量图层：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="75" />
            <source>Cannot read the vector layer {0}: {1}</source>
            <translation>无法读取矢量图层 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="80" />
            <source>The vector layer '{0}' has no field '{1}' (fields: {2}).</source>
            <translation>矢量图层“{0}”没有字段“{1}”（字段：{2}）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="99" />
            <source>The field '{0}' of '{1}' holds decimal numbers ({2}, ...), not category codes: burned as categories, each value would be a class of its own. Choose a text or integer field of classes (lithology, unit code), or burn the field as a continuous band.</source>
            <translation>“{1}”的字段“{0}”存放的是小数（{2}, ...），而不是类别代码：按类别栅格化时，每个值都将成为单独一类。请选择存放类别的文本或整数字段（岩性、地层单元代码），或将该字段作为连续波段栅格化。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="129" />
            <source>The vector file {0} does not exist; check the path, or choose the layer again.</source>
            <translation>矢量文件 {0} 不存在；请检查路径，或重新选择图层。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="131" />
            <source>The vector file '{0}' is empty (0 bytes): it was not written completely. Save or export it again, or choose another file.</source>
            <translation>矢量文件“{0}”为空（0 字节）：未完整写入。请重新保存或导出，或选择其他文件。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/vectors.py" line="144" />
            <source>'{0}' is not a vector layer OGR can read{1}. Choose a vector file (GeoPackage, Shapefile, GeoJSON), or export the layer again (right-click &gt; Export &gt; Save Features As).</source>
            <translation>“{0}”不是 OGR 可读取的矢量图层{1}。请选择矢量文件（GeoPackage、Shapefile、GeoJSON），或重新导出该图层（右键 &gt; 导出 &gt; 要素另存为）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/wells.py" line="43" />
            <source>Row {0} of the well table has no well id; give every row its well.</source>
            <translation>井表格的第 {0} 行没有井 id；请为每行给出其所属的井。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/wells.py" line="47" />
            <source>The well field {0} gives every row a well of its own ({1} wells of 1 sample each), so no well has a log over depth: it is not the column that names the wells. Choose the well field (WELL_FIELD) that names the well of each row.</source>
            <translation>井字段 {0} 使每一行都成为单独的一口井（{1} 口井，每口 1 个采样点），因此没有一口井有随深度变化的测井数据：它不是给出井名的列。请选择给出每行所属井的井字段（WELL_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/wells.py" line="61" />
            <source>Row {0} (well '{1}') has the depth {2}, not a number. Give depths as plain numbers (remove a unit such as ' m' from the column), or choose the depth column (DEPTH_FIELD).</source>
            <translation>第 {0} 行（井“{1}”）的深度为 {2}，不是数字。请以纯数字给出深度（去掉列中的单位如“ m”），或选择深度列（DEPTH_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/wells.py" line="91" />
            <source>{0}. Rows are counted from the first data row (the header is not counted). Depths must increase down each well: sort the table by well and depth{1}, or fix those rows.</source>
            <translation>{0}。行号从第一行数据开始计数（不计表头）。每口井的深度必须向下递增：请按井和深度{1}对表格排序，或修正这些行。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/wells.py" line="104" />
            <source>Well '{0}' has the depth {1} twice ({2}).</source>
            <translation>井“{0}”的深度 {1} 出现了两次（{2}）。</translation>
        </message>
        <message>
            <location filename="../../inference/sources/wells.py" line="105" />
            <source>The depths of well '{0}' go up from {1} to {2} ({3}); depths must increase down each well. {4}</source>
            <translation>井“{0}”的深度从 {1} 向上变为 {2}（{3}）；每口井的深度必须向下递增。{4}</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="56" />
            <source>The training environment's Python was not found ({0}). Install the training components (or run `make train-env` in a checkout).</source>
            <translation>未找到训练环境的 Python（{0}）。请安装训练组件（或在源码目录中运行 `make train-env`）。</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="81" />
            <location filename="../../learning/common.py" line="473" />
            <location filename="../../learning/common.py" line="524" />
            <location filename="../../learning/encode.py" line="163" />
            <location filename="../../learning/encode.py" line="279" />
            <location filename="../../learning/encode.py" line="321" />
            <location filename="../../learning/segmentation.py" line="116" />
            <location filename="../../learning/segmentation.py" line="316" />
            <location filename="../../learning/segmentation.py" line="339" />
            <location filename="../../learning/sequences.py" line="245" />
            <location filename="../../learning/sequences.py" line="439" />
            <location filename="../../learning/voids.py" line="400" />
            <location filename="../../learning/wells.py" line="312" />
            <source>Training cancelled; no model file was written.</source>
            <translation>训练已取消；未写出模型文件。</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="89" />
            <source>Training on device: {0}</source>
            <translation>训练设备：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="100" />
            <source>Early stop ({0}) after epoch {1}: no better validation score since epoch {2}, which is kept.</source>
            <translation>早停（{0}）于第 {1} 轮之后：自第 {2} 轮以来验证分数未再提高，保留该轮。</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="105" />
            <source>Time budget reached ({0}) after epoch {1} ({2} s); the best epoch so far is kept.</source>
            <translation>第 {1} 轮之后达到时间预算（{0}）（{2} 秒）；保留迄今最佳的一轮。</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="110" />
            <source>Final model trained on all {0} samples for {1} epoch(s), the best epoch count of the validation run.</source>
            <translation>最终模型用全部 {0} 个样本训练了 {1} 轮，即验证运行的最佳轮数。</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="119" />
            <source>Training stopped: {0}. Check the inputs for extreme values (a nodata value the raster or table does not declare, say) or lower the learning rate; no model was written.</source>
            <translation>训练已停止：{0}。请检查输入中的极端值（例如栅格或表未声明的无数据值），或降低学习率；未写出模型。</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="130" />
            <source>Training failed: {0}</source>
            <translation>训练失败：{0}</translation>
        </message>
        <message>
            <location filename="../../inference/training/runner.py" line="232" />
            <source>Training failed: {0}.{1}</source>
            <translation>训练失败：{0}。{1}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="68" />
            <source>The probability raster {0} has no valid pixels.</source>
            <translation>概率栅格 {0} 没有有效像元。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="106" />
            <source>Give {0} class breaks (e.g. 0.2, 0.4, 0.6, 0.8) for {1} classes.</source>
            <translation>请为 {1} 个类别给出 {0} 个分类断点（例如 0.2, 0.4, 0.6, 0.8）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="109" />
            <source>The class breaks {0} must lie between 0 and 1: they split probabilities of a landslide (e.g. 0.2, 0.4, 0.6, 0.8); breaks outside put the whole map in one class.</source>
            <translation>分类断点 {0} 必须介于 0 和 1 之间：它们划分的是滑坡发生概率（例如 0.2, 0.4, 0.6, 0.8）；超出范围的断点会使整幅图落入同一类。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="114" />
            <source>The class breaks {0} must rise from one to the next.</source>
            <translation>分类断点 {0} 必须逐个递增。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="129" />
            <source>Class method '{0}' is unknown; choose one of {1}.</source>
            <translation>分类方法“{0}”未知；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="135" />
            <source>There are no valid probabilities to compute class breaks from.</source>
            <translation>没有可用于计算分类断点的有效概率值。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="158" />
            <source>very low</source>
            <translation>极低</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="158" />
            <source>low</source>
            <translation>低</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="158" />
            <source>moderate</source>
            <translation>中</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="158" />
            <source>high</source>
            <translation>高</translation>
        </message>
        <message>
            <location filename="../../susceptibility/classes.py" line="158" />
            <source>very high</source>
            <translation>极高</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="166" />
            <source>The raster '{0}' has no coordinate reference system, so it cannot be put on the factors' grid. Assign one (Raster &gt; Projections &gt; Assign Projection) and run again.</source>
            <translation>栅格“{0}”没有坐标参考系，因此无法放到评价因子的网格上。请为其指定一个（栅格 &gt; 投影 &gt; 指定投影），然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="171" />
            <source>Band {0} does not exist: '{1}' has {2} band(s). Choose a band from 1 to {3}.</source>
            <translation>波段 {0} 不存在：“{1}”有 {2} 个波段。请选择 1 到 {3} 之间的波段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="186" />
            <source>The layer '{0}' does not overlap the factors' grid (after reprojection to its CRS); check the layer, its CRS and the extent.</source>
            <translation>图层“{0}”与评价因子的网格不重叠（重投影到其坐标参考系之后）；请检查图层、其坐标参考系和范围。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="198" />
            <source>The vector layer '{0}' has no features. Choose a layer with features, or remove it from the inputs.</source>
            <translation>矢量图层“{0}”没有要素。请选择含有要素的图层，或将其从输入中移除。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="204" />
            <source>The features of '{0}' cannot be placed in the factors' CRS: their coordinates (x {1} to {2}, y {3} to {4}) do not fit the layer's CRS ({5}). Check the layer's CRS and assign the one its coordinates are in (layer Properties &gt; Source).</source>
            <translation>“{0}”的要素无法放入评价因子的坐标参考系：其坐标（x {1} 至 {2}，y {3} 至 {4}）与图层的坐标参考系（{5}）不符。请检查图层的坐标参考系，并指定其坐标实际所用的坐标参考系（图层属性 &gt; 源）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="215" />
            <source>{0} needs a grid in metres, but the factors' grid is in geographic coordinates (degrees). Choose a projected CRS for the grid (e.g. the UTM zone of the area).</source>
            <translation>{0} 需要以米为单位的网格，但评价因子的网格采用地理坐标（度）。请为网格选择投影坐标系（例如研究区所在的 UTM 带）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="257" />
            <location filename="../../learning/segmentation.py" line="136" />
            <source>Unknown terrain factor(s) {0}; choose among {1}.</source>
            <translation>未知的地形因子 {0}；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="264" />
            <source>The DEM '{0}' is {1} x {2} cells; terrain factors need at least 3 x 3 (a slope takes the cells around each one). Give a DEM that covers the study area.</source>
            <translation>数字高程模型“{0}”为 {1} x {2} 个像元；地形因子至少需要 3 x 3（坡度需要用到每个像元周围的像元）。请给出覆盖研究区的数字高程模型。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="273" />
            <source>The TPI radius {0} m is under one cell ({1} m).</source>
            <translation>TPI 半径 {0} m 小于一个像元（{1} m）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="276" />
            <source>The flow halo must be at least 1 cell, not {0}.</source>
            <translation>汇流缓冲边至少应为 1 个像元，而不是 {0}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="287" />
            <source>Factor {0}: kind '{1}' is unknown; use continuous or categorical.</source>
            <translation>评价因子 {0}：类型“{1}”未知；请使用 continuous 或 categorical。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="304" />
            <source>The maximum distance must be above 0 m, not {0}.</source>
            <translation>最大距离必须大于 0 m，而不是 {0}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="317" />
            <source>Choose the field of '{0}' whose values to burn.</source>
            <translation>请选择“{0}”中要栅格化其值的字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="327" />
            <source>Warning: the field '{0}' of '{1}' holds numbers; the text codes given are not used.</source>
            <translation>警告：“{1}”的字段“{0}”存放的是数字；给出的文本编码未被使用。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="330" />
            <source>Warning: {0} polygon(s) of '{1}' have no value in '{2}'; they read as 0.</source>
            <translation>警告：“{1}”中有 {0} 个多边形在“{2}”中没有值；它们被读作 0。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="343" />
            <source>Warning: {0} polygon(s) of '{1}' have no value in '{2}'; they are nodata there.</source>
            <translation>警告：“{1}”中有 {0} 个多边形在“{2}”中没有值；这些位置为 nodata。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="356" />
            <source>The text codes for '{0}' must map texts to whole numbers.</source>
            <translation>“{0}”的文本编码必须将文本映射为整数。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="358" />
            <source>The text codes for '{0}' must be distinct whole numbers from 1: {1}.</source>
            <translation>“{0}”的文本编码必须是从 1 开始、互不相同的整数：{1}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="381" />
            <source>Unknown factor {0}; use {1}.</source>
            <translation>未知的评价因子 {0}；请使用 {1}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="386" />
            <source>Two factors are named {0}; give each factor its own name.</source>
            <translation>有两个评价因子都命名为 {0}；请为每个评价因子取不同的名称。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="483" />
            <source>No factors were given; add a DEM, factor rasters or vector layers.</source>
            <translation>未给出评价因子；请添加数字高程模型、因子栅格或矢量图层。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="485" />
            <location filename="../../susceptibility/grid.py" line="70" />
            <source>The grid has {0} x {1} pixels; choose a larger extent or a smaller cell size.</source>
            <translation>网格只有 {0} x {1} 个像元；请选择更大的范围或更小的像元大小。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="489" />
            <source>The factors output must be a GeoTIFF (.tif): {0}</source>
            <translation>评价因子输出必须为 GeoTIFF（.tif）：{0}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="527" />
            <source>{0} factor(s) on a {1} x {2} px grid of {3} units, in {4} window(s) of {5} px (halo up to {6} px)</source>
            <translation>{0} 个评价因子，位于 {1} x {2} px、单位为 {3} 的网格上，分 {4} 个 {5} px 的窗口计算（缓冲边最多 {6} px）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="552" />
            <source>The factor '{0}' has no data on the grid (all nodata): check that '{1}' covers the area and that its nodata value is right; nothing was written.</source>
            <translation>评价因子“{0}”在网格上没有数据（全部为 nodata）：请检查“{1}”是否覆盖研究区，以及其 nodata 值是否正确；未写出任何结果。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="560" />
            <source>{0} lacks {1} pixels ({2} %)</source>
            <translation>{0} 缺少 {1} 个像元（{2} %）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="571" />
            <source>{0}: {1} missing pixels filled with its {2}, {3}</source>
            <translation>{0}：{1} 个缺失像元已用其{2}填补，{3}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="595" />
            <source>The categorical factor '{0}' has more than {1} distinct values; is it continuous? Add it as a continuous raster.</source>
            <translation>分类评价因子“{0}”有超过 {1} 个不同的值；它是连续型的吗？请将其作为连续栅格添加。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="630" />
            <source>The factors tag of {0} is damaged; build the factors again.</source>
            <translation>{0} 的评价因子标签已损坏；请重新生成评价因子。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/factors.py" line="632" />
            <source>{0} has {1} band(s) but its factors tag names {2}; build the factors again.</source>
            <translation>{0} 有 {1} 个波段，但其评价因子标签给出了 {2}；请重新生成评价因子。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/grid.py" line="75" />
            <source>The reference grid is rotated or not north-up; warp the reference raster to a north-up grid first (Raster &gt; Projections &gt; Warp).</source>
            <translation>参考网格有旋转或不是正北朝上；请先将参考栅格变形为正北朝上的网格（栅格 &gt; 投影 &gt; 变形）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/grid.py" line="95" />
            <source>The factors' grid would be {0} x {1} = {2} million cells of {3} (up to {4} GB for {5} factor(s)), far larger than a susceptibility study needs. Check the cell size ({6}, in the units of the CRS: metres for a projected CRS) and the extent; if you do mean such a grid, allow large grids (ALLOW_LARGE_GRID in Processing).</source>
            <translation>评价因子的网格将为 {0} x {1} = {2} 百万个 {3} 的像元（{5} 个评价因子最多需 {4} GB），远大于滑坡易发性研究所需。请检查像元大小（{6}，单位为坐标参考系的单位：投影坐标系为米）和范围；若确实需要如此大的网格，请允许大网格（Processing 中的 ALLOW_LARGE_GRID）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/grid.py" line="107" />
            <source>The factors' grid ({0} x {1} cells, {2} factor(s)) needs up to {3} GB, but the disk of {4} has {5} GB free. Free some space, write the factors to another disk, or choose a larger cell size or a smaller extent.</source>
            <translation>评价因子的网格（{0} x {1} 个像元，{2} 个评价因子）最多需要 {3} GB，但 {4} 所在磁盘只有 {5} GB 可用空间。请释放空间、将评价因子写入其他磁盘，或选择更大的像元大小或更小的范围。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/grid.py" line="129" />
            <source>The CRS '{0}' is not one that GDAL knows; choose another (e.g. EPSG:32633).</source>
            <translation>坐标参考系“{0}”不是 GDAL 可识别的；请另选一个（例如 EPSG:32633）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/grid.py" line="134" />
            <source>The extent {0} is not four numbers (xmin, ymin, xmax, ymax).</source>
            <translation>范围 {0} 不是四个数字（xmin, ymin, xmax, ymax）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/grid.py" line="136" />
            <source>The cell size {0} and extent {1} must be finite, the cell size above 0.</source>
            <translation>像元大小 {0} 和范围 {1} 必须为有限值，且像元大小大于 0。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="128" />
            <source>Cannot read the {0} {1}: {2}</source>
            <translation>无法读取{0} {1}：{2}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="153" />
            <source>The study area {0} has no polygons; give a polygon layer.</source>
            <translation>研究区 {0} 没有多边形；请给出多边形图层。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="208" />
            <source>The year field '{0}' holds {1}, which is not a year or a date. Give years (e.g. 2015) or dates (e.g. 2015-06-30), leave the field empty where unknown, or choose no year field.</source>
            <translation>年份字段“{0}”含有 {1}，既不是年份也不是日期。请给出年份（例如 2015）或日期（例如 2015-06-30），未知处留空，或不选年份字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="230" />
            <source>The inventory {0} has no landslides (no features with a geometry); give a layer of landslide points or polygons.</source>
            <translation>滑坡编录 {0} 中没有滑坡（没有带几何的要素）；请给出滑坡点或滑坡多边形图层。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="237" />
            <source>The inventory has no field '{0}'; its fields are: {1}.</source>
            <translation>滑坡编录中没有字段“{0}”；其字段有：{1}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="248" />
            <source>The label field '{0}' must hold 1 (landslide) or 0 (no landslide); it holds {1}. Fix those values or choose no label field (absences are then sampled).</source>
            <translation>标签字段“{0}”必须为 1（滑坡）或 0（非滑坡）；实际含有 {1}。请修正这些值，或不选标签字段（此时将自动采样非滑坡样本）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="254" />
            <source>The inventory holds lines; give landslide points or polygons.</source>
            <translation>滑坡编录中是线要素；请给出滑坡点或滑坡多边形。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="276" />
            <source>The inventory {0} lies outside the factors' extent (inventory {1}, factors {2}, in the factors' CRS). Check both layers' CRS and that they cover the same area.</source>
            <translation>滑坡编录 {0} 位于评价因子范围之外（在评价因子的坐标参考系中，滑坡编录为 {1}，评价因子为 {2}）。请检查两个图层的坐标参考系，并确认它们覆盖同一区域。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="282" />
            <source>Warning: {0} inventory feature(s) lie outside the factors' extent and are not used.</source>
            <translation>警告：有 {0} 个滑坡编录要素位于评价因子范围之外，未被使用。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="339" />
            <source>The inventory raster {0} has no CRS; assign one and run again.</source>
            <translation>滑坡编录栅格 {0} 没有坐标参考系；请为其指定一个后重新运行。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="341" />
            <source>The inventory raster {0} lies outside the factors' extent; check both layers' CRS and that they cover the same area.</source>
            <translation>滑坡编录栅格 {0} 位于评价因子范围之外；请检查两个图层的坐标参考系，并确认它们覆盖同一区域。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="361" />
            <source>The inventory raster {0} has no landslide pixel (value 1) on the factors' grid; besides 0 it holds {1}. Mark the landslide pixels 1 and the others 0 (e.g. Raster Calculator: "inventory@1" = {2}), then run again.</source>
            <translation>滑坡编录栅格 {0} 在评价因子的网格上没有滑坡像元（值为 1）；除 0 以外它含有 {1}。请将滑坡像元标为 1、其余标为 0（例如栅格计算器："inventory@1" = {2}），然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="397" />
            <source>The study area does not overlap the factors' extent; check its CRS and extent.</source>
            <translation>研究区与评价因子范围不重叠；请检查其坐标参考系和范围。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="451" />
            <source>The factors raster {0} is only {1} x {2} pixels ({3} pixels): too few to draw landslide and absence samples from and validate on (at least {4}). Give factors over the whole study area: a larger extent, or a smaller cell size (Build susceptibility factors).</source>
            <translation>评价因子栅格 {0} 只有 {1} x {2} 个像元（{3} 个像元）：太少，无法从中抽取滑坡和非滑坡样本并进行验证（至少需要 {4} 个）。请给出覆盖整个研究区的评价因子：更大的范围，或更小的像元大小（生成滑坡易发性评价因子）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="467" />
            <source>The factor '{0}' (band {1}) has no data anywhere (every pixel is nodata); rebuild the factors without it or fill its gaps.</source>
            <translation>评价因子“{0}”（波段 {1}）在任何位置都没有数据（所有像元均为 nodata）；请去掉该因子重新生成评价因子，或填补其缺失。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="506" />
            <source>The factors raster {0} has no CRS; assign one and run again.</source>
            <translation>评价因子栅格 {0} 没有坐标参考系；请为其指定一个后重新运行。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="549" />
            <source>A raster inventory has no fields; give no label or year field with it.</source>
            <translation>栅格形式的滑坡编录没有字段；不要同时给出标签字段或年份字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="577" />
            <source>The label field '{0}' holds no 0 (no-landslide) samples; give absences too, or choose no label field so that absences are sampled.</source>
            <translation>标签字段“{0}”中没有 0（非滑坡）样本；请同时给出非滑坡样本，或不选标签字段以自动采样非滑坡样本。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="596" />
            <source>The absence ratio must be above 0 (e.g. 1 = as many absences as landslides).</source>
            <translation>非滑坡样本比例必须大于 0（例如 1 = 非滑坡样本与滑坡样本数量相同）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="604" />
            <source>No absence sample could be drawn: every valid pixel lies within {0} m of a landslide{1}. Reduce the buffer or enlarge the study area.</source>
            <translation>无法抽取非滑坡样本：每个有效像元都位于距滑坡 {0} m 以内{1}。请减小缓冲距离或扩大研究区。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="610" />
            <source>Warning: only {0} of {1} absences could be drawn outside the buffer.</source>
            <translation>警告：缓冲区外只能抽取到 {1} 个非滑坡样本中的 {0} 个。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="616" />
            <source>The inventory {0} holds no landslides inside the factors' extent (no presence pixels); give landslide points or polygons (or label 1 in the label field).</source>
            <translation>滑坡编录 {0} 在评价因子范围内没有滑坡（没有滑坡像元）；请给出滑坡点或滑坡多边形（或在标签字段中标为 1）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="621" />
            <source>The inventory {0} holds only one landslide; a model cannot be trained or validated on one. Give more landslides (at least as many as the cross-validation folds).</source>
            <translation>滑坡编录 {0} 只有一处滑坡；仅凭一处滑坡无法训练或验证模型。请给出更多滑坡（至少与交叉验证的折数一样多）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="635" />
            <source>The factor '{0}' has no data at any sample; rebuild the factors without it or fill its gaps.</source>
            <translation>评价因子“{0}”在所有样本处都没有数据；请去掉该因子重新生成评价因子，或填补其缺失。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="640" />
            <source>Warning: {0} sample(s) lack a factor value and were dropped (most in '{1}').</source>
            <translation>警告：{0} 个样本缺少评价因子值，已被剔除（多数缺在“{1}”中）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/inventory.py" line="664" />
            <source>{0} samples are more than {1}; a random {2} (both classes in proportion) are used.</source>
            <translation>{0} 个样本多于 {1}；随机使用其中 {2} 个（两类按比例抽取）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/models.py" line="93" />
            <source>Training susceptibility models needs scikit-learn and skl2onnx ({0} is missing or broken: {1}). Install them into QGIS's Python: {2}</source>
            <translation>训练滑坡易发性模型需要 scikit-learn 和 skl2onnx（{0} 缺失或损坏：{1}）。请将其安装到 QGIS 的 Python 中：{2}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/models.py" line="99" />
            <source>Training susceptibility models needs {0} {1} or newer; QGIS's Python has {2}. Upgrade it: {3}</source>
            <translation>训练滑坡易发性模型需要 {0} {1} 或更新版本；QGIS 的 Python 中为 {2}。请升级：{3}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/models.py" line="163" />
            <location filename="../../susceptibility/workflow.py" line="154" />
            <source>Model type '{0}' is unknown; choose one of {1}.</source>
            <translation>模型类型“{0}”未知；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/models.py" line="165" />
            <source>Categorical encoding '{0}' is unknown; choose {1}.</source>
            <translation>分类变量编码“{0}”未知；请选择 {1}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="51" />
            <source>spatial cross-validation, whole blocks of the area held out</source>
            <translation>空间交叉验证，研究区中整块区域留作检验</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="52" />
            <source>temporal validation, trained on earlier landslides and tested on later ones</source>
            <translation>时间验证，用较早的滑坡训练、用较晚的滑坡检验</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="53" />
            <source>random cross-validation, pixels held out at random</source>
            <translation>随机交叉验证，随机留出像元作检验</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="60" />
            <source>Landslide samples (presences)</source>
            <translation>滑坡样本（正样本）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="61" />
            <source>Stable-ground samples (absences)</source>
            <translation>稳定区样本（负样本）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="62" />
            <source>Samples dropped (a factor without data there)</source>
            <translation>剔除的样本（该处某评价因子无数据）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="63" />
            <source>Landslides outside the factor extent</source>
            <translation>位于评价因子范围之外的滑坡</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="64" />
            <source>Pixels without data, per factor</source>
            <translation>各评价因子的无数据像元</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="70" />
            <source>spatial</source>
            <translation>空间</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="70" />
            <source>temporal</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="70" />
            <source>random</source>
            <translation>随机</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="76" />
            <source>the mapping units</source>
            <translation>评价单元</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="76" />
            <source>the area</source>
            <translation>研究区</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="134" />
            <source>matplotlib is not installed in the Python that QGIS uses; the report needs it for its plots. Install it with: {0} -m pip install --user matplotlib, then restart QGIS.</source>
            <translation>QGIS 所用的 Python 中未安装 matplotlib；报告需要它来绘制图件。安装命令：{0} -m pip install --user matplotlib，然后重启 QGIS。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="187" />
            <source>Landslide susceptibility report</source>
            <translation>滑坡易发性评价报告</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="197" />
            <source>Summary</source>
            <translation>摘要</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="200" />
            <location filename="../../learning/report.py" line="305" />
            <source>Warnings</source>
            <translation>警告</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="203" />
            <source>How to read this report</source>
            <translation>如何阅读本报告</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="204" />
            <location filename="../../learning/report.py" line="302" />
            <location filename="../../learning/report.py" line="340" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="205" />
            <location filename="../../learning/report.py" line="306" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="208" />
            <location filename="../../learning/report.py" line="349" />
            <source>Validation</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="211" />
            <location filename="../../susceptibility/report.py" line="744" />
            <source>Success and prediction rates</source>
            <translation>成功率曲线与预测率曲线</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="212" />
            <source>Factor importance</source>
            <translation>评价因子重要性</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="213" />
            <source>Partial dependence</source>
            <translation>偏依赖</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="214" />
            <location filename="../../susceptibility/report.py" line="791" />
            <source>Models compared</source>
            <translation>模型比较</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="217" />
            <source>Susceptibility classes</source>
            <translation>易发性分区</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="230" />
            <source>Landslide susceptibility report written by Lithoscope on {date}.</source>
            <translation>滑坡易发性评价报告，由 Lithoscope 于 {date} 生成。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="271" />
            <source>The map's headline skill is an AUC of &lt;strong&gt;{auc}&lt;/strong&gt; ({how}; {folds} folds): {grade}.</source>
            <translation>该图的主要精度指标为 AUC &lt;strong&gt;{auc}&lt;/strong&gt;（{how}；{folds} 折）：{grade}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="275" />
            <source> In plain words: pick one landslide location and one stable location at random among samples the model did not train on; {times} times in 100 the landslide gets the higher susceptibility (50 would be a coin toss).</source>
            <translation>通俗地说：在模型未参与训练的样本中随机选取一个滑坡点和一个稳定点，每 100 次中有 {times} 次滑坡点的易发性更高（50 次相当于抛硬币）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="284" />
            <source>&lt;p&gt;A random split gives {auc}: higher, because test pixels there sit next to training pixels that look alike. Quote the {kind} figure.&lt;/p&gt;</source>
            <translation>&lt;p&gt;随机划分得到 {auc}：更高，因为其中的检验像元紧邻外观相似的训练像元。请引用{kind}验证的结果。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="291" />
            <source>&lt;p&gt;Only a random split was run. Its AUC flatters the model (neighbouring pixels are alike); run a spatial cross-validation for an honest figure.&lt;/p&gt;</source>
            <translation>&lt;p&gt;只进行了随机划分。其 AUC 高估了模型（相邻像元彼此相似）；请进行空间交叉验证以得到可靠的结果。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="299" />
            <source>&lt;p&gt;A simple baseline model reaches {auc} on the same folds, so the model adds {gain} over it.&lt;/p&gt;</source>
            <translation>&lt;p&gt;简单基准模型在相同的折上达到 {auc}，因此模型比它高 {gain}。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="303" />
            <source>&lt;p&gt;A simple baseline model reaches {auc} on the same folds, so the model loses {gain} over it.&lt;/p&gt;</source>
            <translation>&lt;p&gt;简单基准模型在相同的折上达到 {auc}，因此模型比它低 {gain}。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="311" />
            <source>held-out landslides</source>
            <translation>留作检验的滑坡</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="311" />
            <source>training landslides</source>
            <translation>训练滑坡</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="313" />
            <source>&lt;p&gt;The 20% of {whole} ranked most susceptible holds {share}% of the {which}.&lt;/p&gt;</source>
            <translation>&lt;p&gt;{whole}中易发性排名前 20% 的部分包含了{which}的 {share}%。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="324" />
            <source>&lt;h3&gt;AUC: how well the map ranks places&lt;/h3&gt;&lt;p&gt;The AUC (area under the ROC curve) is the chance that a landslide location picked at random gets a higher susceptibility than a stable location picked at random. 0.5 is a coin toss, 1.0 a perfect ranking; as a rough guide 0.7–0.8 is fair, 0.8–0.9 good and above 0.9 very good. It judges the ranking only, not whether the probabilities are right.&lt;/p&gt;&lt;p&gt;A ROC curve shows, for every threshold, the share of landslides caught (up) against the share of stable ground wrongly flagged (right): the closer it hugs the top-left corner, the better; the diagonal is chance. A precision–recall curve shows, of the places flagged, the share that are landslides (precision) against the share of landslides flagged (recall); its summary, the average precision (AP), is best read against the no-skill line, the share of landslides among the samples.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;AUC：滑坡易发性图对各处排序的好坏&lt;/h3&gt;&lt;p&gt;AUC（ROC 曲线下面积）是随机选取的一个滑坡点比随机选取的一个稳定点获得更高易发性的概率。0.5 相当于抛硬币，1.0 为完美排序；粗略而言，0.7–0.8 为一般，0.8–0.9 为良好，0.9 以上为很好。它只评价排序，而不评价概率本身是否准确。&lt;/p&gt;&lt;p&gt;ROC 曲线针对每个阈值，显示被识别出的滑坡比例（纵轴）与被误判的稳定区比例（横轴）的关系：越贴近左上角越好；对角线相当于随机。精确率–召回率曲线显示在被标记的地点中滑坡所占比例（精确率）与被标记的滑坡比例（召回率）的关系；其概括指标平均精确率（AP）最好与无预测能力线（样本中滑坡所占比例）对照来看。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="338" />
            <source>&lt;h3&gt;Cross-validation: why the spatial figure is the honest one&lt;/h3&gt;&lt;p&gt;The model is tested on samples it did not train on, several times (folds). In a random split the test pixels sit right next to training pixels; neighbouring pixels are alike (same slope, same rock, often the same landslide), so the test is partly a memory test and the AUC comes out too high. Spatial cross-validation holds out whole blocks of the area, so the model must predict ground it has not seen: that is the figure to quote. A temporal split (train on earlier landslides, test on later ones) asks whether the map foresees new events. The ± is the spread across folds: how much the figure depends on which part of the area is tested.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;交叉验证：为什么空间交叉验证的结果才可靠&lt;/h3&gt;&lt;p&gt;模型在未参与训练的样本上多次（分折）检验。随机划分时，检验像元紧邻训练像元；相邻像元彼此相似（坡度相同、岩性相同，常常属于同一处滑坡），因此检验在一定程度上是记忆测试，AUC 偏高。空间交叉验证将研究区中整块区域留作检验，模型必须预测它未见过的地段：这才是应当引用的结果。时间划分（用较早的滑坡训练、用较晚的滑坡检验）检验的是该图能否预见新的滑坡事件。± 表示各折之间的离散程度：结果在多大程度上取决于检验的是研究区的哪一部分。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="351" />
            <source>&lt;h3&gt;Success and prediction rates&lt;/h3&gt;&lt;p&gt;Sort the area from most to least susceptible and walk down the list: the curve shows what share of the landslides lies in the most susceptible share of the area. The success rate uses the landslides the model trained on, so it measures fit; the prediction rate uses landslides kept out of training, so it measures skill on unseen landslides. A good map rises steeply at first (most landslides in a small, most susceptible part of the area). The area under each curve reads like an AUC: 0.5 is a map drawn at random.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;成功率曲线与预测率曲线&lt;/h3&gt;&lt;p&gt;将研究区按易发性从高到低排序并依次累计：曲线显示易发性最高的那部分区域中包含了多大比例的滑坡。成功率曲线使用参与模型训练的滑坡，因此衡量的是拟合程度；预测率曲线使用未参与训练的滑坡，因此衡量的是对未知滑坡的预测能力。好的易发性图起初上升陡峭（大部分滑坡位于面积很小、易发性最高的区域）。每条曲线下的面积可像 AUC 一样解读：0.5 相当于随机绘制的图。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="362" />
            <source>&lt;h3&gt;Importance and partial dependence&lt;/h3&gt;&lt;p&gt;Permutation importance is how much the held-out AUC drops when one factor's values are shuffled, which breaks its link with the landslides: a large drop means the model leans on that factor, near zero that it could do without it. Factors that carry the same information (slope and roughness, say) share their importance, so each may look less important than it is. A partial-dependence curve shows the model's average predicted probability as one factor changes while the others keep their observed values. Both show associations the model learned from this inventory, not causes: a factor may stand in for another that was not mapped, and the curves mean little outside the range of values found in the area.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;重要性与偏依赖&lt;/h3&gt;&lt;p&gt;置换重要性是打乱某一评价因子的取值（切断其与滑坡的联系）后留出检验 AUC 的下降量：下降大说明模型依赖该因子，接近零说明没有它也可以。携带相同信息的因子（例如坡度与地表粗糙度）会分摊其重要性，因此每个因子都可能显得不如实际重要。偏依赖曲线显示当某一因子变化、其他因子保持观测值时模型的平均预测概率。两者显示的都是模型从该滑坡编录中学到的关联，而不是成因：一个因子可能代表了另一个未被制图的因子，且曲线在研究区取值范围之外意义不大。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="375" />
            <source>&lt;h3&gt;Susceptibility classes&lt;/h3&gt;&lt;p&gt;The classes (very low to very high) rank the ground of this study area relative to each other. They are not the probability that a slope fails in a given year or storm: “very high” means more susceptible than the rest of this area, judged from this inventory. The frequency ratio is a class's share of the landslides divided by its share of the area: above 1 the class holds more landslides than its size alone would, below 1 fewer. In a useful map the ratio climbs steadily from the lowest class to the highest.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;易发性分区&lt;/h3&gt;&lt;p&gt;各易发性等级（极低至极高）是对本研究区内各地段相对高低的排序。它们不是某一斜坡在某一年或某次降雨中失稳的概率：“极高”表示根据该滑坡编录判断，比本区其他地方更易发生滑坡。频率比是某等级所含滑坡比例除以其面积比例：大于 1 表示该等级所含滑坡多于按其面积应有的数量，小于 1 则较少。在有用的易发性图中，频率比从最低等级到最高等级稳步上升。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="397" />
            <source>Item</source>
            <translation>项目</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="397" />
            <location filename="../../susceptibility/report.py" line="402" />
            <location filename="../../susceptibility/report.py" line="409" />
            <source>Value</source>
            <translation>值</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="401" />
            <location filename="../../susceptibility/report.py" line="495" />
            <source>Factor</source>
            <translation>评价因子</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="401" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="409" />
            <source>Setting</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="419" />
            <source>; model {model}</source>
            <translation>；模型 {model}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="420" />
            <source>{how}; {n} folds{model}.</source>
            <translation>{how}；{n} 折{model}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="428" />
            <source>{auc} (too few held-out landslides to judge)</source>
            <translation>{auc}（留作检验的滑坡太少，无法评价）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="431" />
            <source>mean ± std</source>
            <translation>均值 ± 标准差</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="433" />
            <location filename="../../learning/report.py" line="45" />
            <location filename="../../learning/report.py" line="248" />
            <location filename="../../learning/report.py" line="352" />
            <location filename="../../learning/wells.py" line="417" />
            <source>model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="434" />
            <source>baseline {model}</source>
            <translation>基准{model}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="436" />
            <location filename="../../susceptibility/report.py" line="733" />
            <source>Fold</source>
            <translation>折</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="437" />
            <source>Training samples</source>
            <translation>训练样本数</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="438" />
            <source>Test samples</source>
            <translation>检验样本数</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="440" />
            <source>Average precision</source>
            <translation>平均精确率</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="441" />
            <source>No-skill precision</source>
            <translation>无预测能力精确率</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="446" />
            <source>ROC curves, one per fold ({kind}).</source>
            <translation>ROC 曲线，每折一条（{kind}）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="448" />
            <source>Precision–recall curves ({kind}).</source>
            <translation>精确率–召回率曲线（{kind}）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="454" />
            <source>AUC of each fold ({kind}); the band is the mean ± one standard deviation.</source>
            <translation>各折的 AUC（{kind}）；色带为均值 ± 一个标准差。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="465" />
            <source>Success rate (training landslides)</source>
            <translation>成功率曲线（训练滑坡）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="466" />
            <source>Prediction rate (held out)</source>
            <translation>预测率曲线（留作检验）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="473" />
            <source>Curve</source>
            <translation>曲线</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="474" />
            <source>Area under curve</source>
            <translation>曲线下面积</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="475" />
            <source>Landslides in top 10%</source>
            <translation>前 10% 中的滑坡</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="476" />
            <source>top 20%</source>
            <translation>前 20%</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="477" />
            <source>top 30%</source>
            <translation>前 30%</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="480" />
            <source>Share of landslides against the most susceptible share of {whole}.</source>
            <translation>滑坡比例与{whole}中易发性最高部分的比例。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="494" />
            <source>{kind} folds</source>
            <translation>{kind}折</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="495" />
            <source>Mean AUC drop</source>
            <translation>AUC 平均下降量</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="495" />
            <source>Std</source>
            <translation>标准差</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="501" />
            <source>Permutation importance on held-out {kind} folds: mean drop in AUC ± std, largest first.</source>
            <translation>留出的{kind}折上的置换重要性：AUC 的平均下降量 ± 标准差，从大到小排列。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="527" />
            <source>Partial dependence of the {n} most important factors ({kind} folds).</source>
            <translation>最重要的 {n} 个评价因子的偏依赖（{kind}折）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="551" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="551" />
            <source>{kind} AUC</source>
            <translation>{kind} AUC</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="554" />
            <source>Mean AUC of each model for each validation kind (the best of each kind is in bold in the table).</source>
            <translation>各模型在每种验证方式下的平均 AUC（表中每种验证方式的最佳值以粗体显示）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="562" />
            <source>Square blocks</source>
            <translation>方形块</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="562" />
            <source>K-means clusters of the coordinates</source>
            <translation>坐标的 k 均值聚类</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="567" />
            <source>Spatial folds</source>
            <translation>空间分折</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="567" />
            <source>Baseline AUC</source>
            <translation>基准 AUC</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="567" />
            <source>Folds</source>
            <translation>折数</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="569" />
            <source>&lt;h3&gt;Spatial folds: square blocks and k-means clusters&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;空间分折：方形块与 k 均值聚类&lt;/h3&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="571" />
            <source>&lt;p&gt;Both hold out whole parts of the area. Square blocks interleave across it, so most held-out ground has training ground a block away; k-means clusters hold out compact regions, farther from the ground the model learned on. The k-means AUC is therefore the stricter estimate of how the map does on new ground; a gap between the two measures how much the skill leans on nearby training samples.&lt;/p&gt;</source>
            <translation>&lt;p&gt;两者都将研究区的整块区域留作检验。方形块在研究区中交错分布，因此大部分留出区域在一个块的距离内就有训练区域；k 均值聚类留出的是紧凑的区域，离模型学习过的区域更远。因此 k 均值的 AUC 是对该图在新区域表现的更严格估计；两者之差衡量了精度在多大程度上依赖于附近的训练样本。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="593" />
            <source>&lt;p&gt;&lt;strong&gt;Held out:&lt;/strong&gt; each landslide is classed by the fold model that did not see it, on that model's own map (its quantile breaks over {whole}): the share of landslides in the high classes is skill on unseen ground.&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;strong&gt;留作检验：&lt;/strong&gt;每处滑坡都由未见过它的那一折模型、在该模型自己的易发性图上分级（其分位数断点基于{whole}）：高易发等级中的滑坡比例反映了对未知区域的预测能力。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="599" />
            <source>&lt;p&gt;Landslides per class by the final model: they trained it, so this is the training fit, not skill.&lt;/p&gt;</source>
            <translation>&lt;p&gt;最终模型下各等级的滑坡：这些滑坡参与了模型训练，因此这是训练拟合程度，而不是预测能力。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="608" />
            <source>&lt;h3&gt;Training fit (not skill)&lt;/h3&gt;&lt;p&gt;The same table by the final model, fitted on every landslide: it has seen each of them, so its high classes hold more of them than a new inventory would find.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;训练拟合（非预测能力）&lt;/h3&gt;&lt;p&gt;由在全部滑坡上拟合的最终模型得到的同一张表：模型见过其中每一处滑坡，因此其高易发等级包含的滑坡比新的滑坡编录中会出现的更多。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="625" />
            <source>each fold's own</source>
            <translation>各折各自的</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="635" />
            <source>Units (%)</source>
            <translation>单元（%）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="635" />
            <source>Area (%)</source>
            <translation>面积（%）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="637" />
            <source>Class</source>
            <translation>等级</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="638" />
            <source>Range</source>
            <translation>范围</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="639" />
            <source>Area (km²)</source>
            <translation>面积（km²）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="641" />
            <location filename="../../susceptibility/report.py" line="802" />
            <source>Landslides (%)</source>
            <translation>滑坡（%）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="642" />
            <source>Density (per km²)</source>
            <translation>密度（每 km²）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="643" />
            <source>Frequency ratio</source>
            <translation>频率比</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="648" />
            <source>Share of {whole} and share of the landslides in each class.</source>
            <translation>各等级中{whole}的比例与滑坡的比例。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="649" />
            <source>Units and landslides per class (FR: frequency ratio)</source>
            <translation>各等级的单元与滑坡（FR：频率比）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="662" />
            <source>fold {fold}: {auc}</source>
            <translation>第 {fold} 折：{auc}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="666" />
            <source>mean: {auc}</source>
            <translation>均值：{auc}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="668" />
            <source>coin toss: 0.5</source>
            <translation>抛硬币：0.5</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="669" />
            <source>ROC, {kind} validation</source>
            <translation>ROC，{kind}验证</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="670" />
            <source>False-positive rate (stable ground flagged)</source>
            <translation>假阳性率（被误判的稳定区）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="671" />
            <source>True-positive rate (landslides caught)</source>
            <translation>真阳性率（被识别的滑坡）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="697" />
            <source>fold {fold}: AP {ap}</source>
            <translation>第 {fold} 折：AP {ap}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="702" />
            <source>no skill (share of landslides)</source>
            <translation>无预测能力（滑坡所占比例）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="703" />
            <source>Precision–recall, {kind} validation</source>
            <translation>精确率–召回率，{kind}验证</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="705" />
            <source>Recall (share of landslides flagged)</source>
            <translation>召回率（被标记的滑坡比例）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="706" />
            <source>Precision (flagged places that are landslides)</source>
            <translation>精确率（被标记地点中滑坡的比例）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="718" />
            <source>mean {auc}</source>
            <translation>均值 {auc}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="727" />
            <source>baseline {auc}</source>
            <translation>基准 {auc}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="729" />
            <source>coin toss 0.5</source>
            <translation>抛硬币 0.5</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="732" />
            <source>AUC per fold, {kind} validation</source>
            <translation>各折 AUC，{kind}验证</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="743" />
            <source>random map: 0.5</source>
            <translation>随机图：0.5</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="745" />
            <source>Most susceptible share of {whole} (%)</source>
            <translation>{whole}中易发性最高部分的比例（%）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="746" />
            <source>Share of landslides (%)</source>
            <translation>滑坡比例（%）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="758" />
            <source>Drop in held-out AUC when the factor is shuffled</source>
            <translation>打乱该因子后留出检验 AUC 的下降量</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="759" />
            <source>Permutation importance</source>
            <translation>置换重要性</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="774" />
            <source>Mean probability</source>
            <translation>平均概率</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="791" />
            <source>Mean AUC</source>
            <translation>平均 AUC</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="806" />
            <source>Area and landslides per class (FR: frequency ratio)</source>
            <translation>各等级的面积与滑坡（FR：频率比）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="829" />
            <source>{kind} validation</source>
            <translation>{kind}验证</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="872" />
            <source>not available (too few held-out landslides in every fold, or no fold with both kinds of ground)</source>
            <translation>无法给出（每一折中留作检验的滑坡都太少，或没有一折同时包含两类地段）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="874" />
            <source>hardly better than chance</source>
            <translation>几乎不比随机好</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="875" />
            <source>weak</source>
            <translation>较差</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="876" />
            <source>fair</source>
            <translation>一般</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="877" />
            <source>good</source>
            <translation>良好</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="882" />
            <source>very good</source>
            <translation>很好</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="912" />
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../../susceptibility/report.py" line="912" />
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="66" />
            <source>The mapping units lie outside the factors' extent: none of them covers a factor pixel. Check their CRS and extent (they must cover the factors' area), or choose the units of this area.</source>
            <translation>评价单元位于评价因子范围之外：没有一个单元覆盖评价因子的像元。请检查其坐标参考系和范围（它们必须覆盖评价因子的区域），或选择本区的评价单元。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="179" />
            <source>Unknown unit geometry factor(s) {0}; choose from {1}.</source>
            <translation>未知的单元几何因子 {0}；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="181" />
            <source>Units without a value are '{0}', not '{1}'.</source>
            <translation>无值的单元为“{0}”，而不是“{1}”。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="184" />
            <source>The categorical field(s) {0} are not among the unit fields used as factors ({1}); add them to the factor fields too.</source>
            <translation>分类字段 {0} 不在用作评价因子的单元字段（{1}）中；请同时将其添加到因子字段中。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="241" />
            <source>Cannot read the mapping units {0}: {1}</source>
            <translation>无法读取评价单元 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="243" />
            <source>The mapping units {0} have no features (no polygons). Choose a layer of slope units or other polygons over the factors' area, or leave the mapping units empty to map pixels.</source>
            <translation>评价单元 {0} 没有要素（没有多边形）。请选择覆盖评价因子区域的斜坡单元或其他多边形图层，或不设评价单元以按像元制图。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="251" />
            <source>{0} of the {1} mapping units of {2} have no geometry (e.g. feature {3}). Delete them, or give them their polygon, then run again.</source>
            <translation>{2} 的 {1} 个评价单元中有 {0} 个没有几何（例如要素 {3}）。请删除它们或为其补上多边形，然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="257" />
            <source>The mapping units {0} must be a layer of polygons, but it holds {1}. Choose a layer of slope units or other polygons.</source>
            <translation>评价单元 {0} 必须为多边形图层，但其中是 {1}。请选择斜坡单元或其他多边形图层。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="263" />
            <source>{0} of the {1} mapping units of {2} are invalid polygons (self-intersecting, e.g. feature {3}): their area and pixels are undefined. Repair them (Vector &gt; Geometry Tools &gt; Fix Geometries) and run again.</source>
            <translation>{2} 的 {1} 个评价单元中有 {0} 个是无效多边形（自相交，例如要素 {3}）：其面积和像元无法确定。请修复它们（矢量 &gt; 几何工具 &gt; 修复几何），然后重新运行。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="289" />
            <source>{0} pair(s) of the mapping units of {1} overlap (e.g. features {2} and {3}: {4} of the smaller one), so pixels and landslides would count for two units. Mapping units must not overlap: repair the layer (Vector &gt; Geometry Tools &gt; Fix Geometries, then Difference or Dissolve), or build the slope units again.</source>
            <translation>{1} 的评价单元中有 {0} 对相互重叠（例如要素 {2} 和 {3}：重叠部分占较小者的 {4}），因此像元和滑坡会被计入两个单元。评价单元不能重叠：请修复该图层（矢量 &gt; 几何工具 &gt; 修复几何，再做差异或融合），或重新生成斜坡单元。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="302" />
            <source>The mapping units {0} have no field '{1}' ({2}); fields: {3}.</source>
            <translation>评价单元 {0} 没有字段“{1}”（{2}）；字段有：{3}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="313" />
            <source>Unit {0} of {1} has {2} in '{3}' ({4}), not a number. Choose a numeric field.</source>
            <translation>{1} 的单元 {0} 在“{3}”中为 {2}（{4}），不是数字。请选择数值字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="325" />
            <source>The label field '{0}' of {1} must hold 1 (landslide) or 0 (none), but unit {2} has {3}. Give 0/1 labels, or use a count field (COUNT_FIELD) for landslide counts.</source>
            <translation>{1} 的标签字段“{0}”必须为 1（滑坡）或 0（无滑坡），但单元 {2} 为 {3}。请给出 0/1 标签，或用计数字段（COUNT_FIELD）给出滑坡数量。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="335" />
            <source>The count field '{0}' of {1} must hold landslide counts of 0 or more, but unit {2} has {3}. Fix the counts, or choose the field of landslide counts.</source>
            <translation>{1} 的计数字段“{0}”必须为 0 或以上的滑坡数量，但单元 {2} 为 {3}。请修正计数，或选择滑坡数量字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="344" />
            <source>None of the {0} mapping units of {1} holds a landslide (by {2}): there is nothing to learn from. Check the labels, or that the inventory and the units cover the same area (their CRS).</source>
            <translation>{1} 的 {0} 个评价单元中没有一个包含滑坡（依据 {2}）：无从学习。请检查标签，或确认滑坡编录与评价单元覆盖同一区域（检查其坐标参考系）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="349" />
            <source>Every one of the {0} mapping units of {1} holds a landslide (by {2}): with no unit without one there is nothing to contrast them with. Give units over a wider area, or other labels.</source>
            <translation>{1} 的 {0} 个评价单元全部包含滑坡（依据 {2}）：没有无滑坡的单元可供对比。请给出覆盖更大区域的单元，或其他标签。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="364" />
            <source>The mapping units {0} have no field '{1}'; fields: {2}. Choose the factor fields among them.</source>
            <translation>评价单元 {0} 没有字段“{1}”；字段有：{2}。请从中选择评价因子字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="374" />
            <source>The field '{0}' of {1} is marked categorical but holds decimal numbers ({2}, ...), not class codes. Leave it continuous, or choose a field of class codes.</source>
            <translation>{1} 的字段“{0}”被标为分类变量，但存放的是小数（{2}, ...），而不是类别代码。请保持其为连续型，或选择存放类别代码的字段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="387" />
            <source>Warning: {0} value(s) of '{1}' were not seen in training ({2}{3}): their units get no value there.</source>
            <translation>警告：“{1}”中有 {0} 个值在训练中未出现过（{2}{3}）：相应单元在该处没有值。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="401" />
            <source>Unit area and perimeter need the mapping units in a projected CRS (metres), but {0} is in geographic coordinates. Reproject the units (or the factors) to a projected CRS, or leave the geometry factors out.</source>
            <translation>单元面积和周长需要评价单元采用投影坐标系（米），但 {0} 采用地理坐标。请将单元（或评价因子）重投影到投影坐标系，或不使用几何因子。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="442" />
            <source>The factors raster {0} has no band {1} (it holds {2}). Build the factors the model was trained on (Build susceptibility factors).</source>
            <translation>评价因子栅格 {0} 没有波段 {1}（其中有 {2}）。请生成模型训练时所用的评价因子（生成滑坡易发性评价因子）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="462" />
            <source>The model takes the factors raster's {0} per unit; give the factors raster too.</source>
            <translation>模型需要每个单元的评价因子栅格{0}；请同时给出评价因子栅格。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="473" />
            <source>The mapping units get no factor: give a factors raster, or choose factor fields of the units (or their area and shape).</source>
            <translation>评价单元没有评价因子：请给出评价因子栅格，或选择单元的因子字段（或其面积和形状）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="479" />
            <source>The factor name(s) {0} come both from the factors raster and from the units' fields; rename the field in the unit layer, or leave it out.</source>
            <translation>评价因子名称 {0} 同时来自评价因子栅格和单元字段；请在单元图层中重命名该字段，或不使用它。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="515" />
            <source>Warning: {0} of the {1} units of {2} lack a value ({3}); filled with the training's median (continuous) or most common value (categorical).</source>
            <translation>警告：{2} 的 {1} 个单元中有 {0} 个缺少值（{3}）；已用训练数据的中位数（连续型）或众数（分类型）填补。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="520" />
            <source>Warning: {0} of the {1} units of {2} lack a value ({3}); they are left out (no susceptibility). Fill the fields, or choose to fill missing values.</source>
            <translation>警告：{2} 的 {1} 个单元中有 {0} 个缺少值（{3}）；已被略去（无易发性）。请填写这些字段，或选择填补缺失值。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="557" />
            <source>Give the landslide inventory, or the units' label field (0/1) or count field (landslides per unit).</source>
            <translation>请给出滑坡编录，或单元的标签字段（0/1）或计数字段（每个单元的滑坡数）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="562" />
            <source>The inventory {0} has no landslides.</source>
            <translation>滑坡编录 {0} 中没有滑坡。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="565" />
            <source>The inventory has no field '{0}'.</source>
            <translation>滑坡编录中没有字段“{0}”。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="570" />
            <source>The inventory lies outside the mapping units; check both layers' CRS and extent.</source>
            <translation>滑坡编录位于评价单元之外；请检查两个图层的坐标参考系和范围。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="573" />
            <source>Temporal validation takes the years of an inventory's landslides; with labels or counts on the units there are none. Give the inventory with its year field, or choose random or spatial validation.</source>
            <translation>时间验证需要滑坡编录中滑坡的年份；单元上的标签或计数没有年份。请给出带年份字段的滑坡编录，或选择随机或空间验证。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/units.py" line="581" />
            <source>Mapping units: {0} ({1} with landslides, by {2}); factors: {3}</source>
            <translation>评价单元：{0}（{1} 个有滑坡，依据 {2}）；评价因子：{3}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="132" />
            <source>Cross-validation needs at least 2 folds, not {0}.</source>
            <translation>交叉验证至少需要 2 折，而不是 {0}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="136" />
            <source>There are {0} {1} sample(s) for {2} cross-validation folds: each fold needs at least one. Give more landslides, a higher absence ratio, or fewer folds.</source>
            <translation>{2} 个交叉验证折只有 {0} 个{1}样本：每折至少需要一个。请给出更多滑坡、提高非滑坡样本比例，或减少折数。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="163" />
            <source>Spatial method '{0}' is unknown; choose {1}.</source>
            <translation>空间分折方法“{0}”未知；请选择 {1}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="167" />
            <source>Validation '{0}' is unknown; choose from {1}.</source>
            <translation>验证方式“{0}”未知；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="188" />
            <source>The landslides are too close together for spatial folds; use random validation.</source>
            <translation>滑坡彼此距离太近，无法进行空间分折；请使用随机验证。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="210" />
            <source>Temporal validation needs a year or date field in the inventory (YEAR_FIELD).</source>
            <translation>时间验证需要滑坡编录中的年份或日期字段（YEAR_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="215" />
            <source>Temporal validation needs landslides of at least two different years; the year field gives {0}. Choose random or spatial validation.</source>
            <translation>时间验证需要至少两个不同年份的滑坡；年份字段只给出了 {0}。请选择随机或空间验证。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="225" />
            <source>Temporal validation would test on only {0} landslide(s) later than {1}, too few to judge (at least {2}): its AUC would say nothing. Give more dated landslides of later years, or choose random or spatial validation.</source>
            <translation>时间验证将只在 {1} 之后的 {0} 处滑坡上检验，太少，无法评价（至少需要 {2} 处）：其 AUC 将毫无意义。请给出更多较晚年份的有日期的滑坡，或选择随机或空间验证。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="254" />
            <source>The temporal split at {0} leaves {1} landslide(s) from then on to test, too few to judge (at least {2}; the landslides date from {3}). Give an earlier split year (TEMPORAL_SPLIT), or leave it empty to have one chosen.</source>
            <translation>以 {0} 为时间划分点时，此后只有 {1} 处滑坡可供检验，太少，无法评价（至少需要 {2} 处；滑坡的年份为 {3}）。请给出更早的划分年份（TEMPORAL_SPLIT），或留空以自动选择。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="260" />
            <source>The temporal split at {0} leaves {1} landslide(s) before it to train on (the landslides date from {2}). Give a later split year (TEMPORAL_SPLIT), or leave it empty.</source>
            <translation>以 {0} 为时间划分点时，此前只有 {1} 处滑坡可供训练（滑坡的年份为 {2}）。请给出更晚的划分年份（TEMPORAL_SPLIT），或留空。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="343" />
            <source>No {0} fold holds both landslides and absences; use fewer folds or another validation.</source>
            <translation>没有一个{0}折同时包含滑坡和非滑坡样本；请减少折数或使用其他验证方式。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="354" />
            <source>{0} {1} fold(s) hold fewer than {2} held-out landslides ({3}): too few to judge, so their AUC is left out.</source>
            <translation>{0} 个{1}折的留出滑坡少于 {2} 个（{3}）：数量太少无法评判，因此其 AUC 不计入。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="361" />
            <source>{0} {1} fold(s) hold fewer than {2} held-out landslides ({3}): too few to judge, so their AUC is left out and this validation has no AUC. Use fewer folds, or more landslides.</source>
            <translation>{0} 个{1}折的留出滑坡少于 {2} 个（{3}）：数量太少无法评判，因此其 AUC 不计入，本次验证没有 AUC。请减少折数，或增加滑坡样本。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="402" />
            <source>{0} CV ({1}): {2} over {3} judged fold(s)</source>
            <translation>{0}交叉验证（{1}）：{3} 个可评价折上为 {2}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="430" />
            <source>{0} fold {1} holds one class only in training or test; it is left out.</source>
            <translation>{0}折第 {1} 折在训练或检验中只有一个类别，已剔除。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/validation.py" line="448" />
            <source>{0} fold {1} of {2}: trained on {3} samples, AUC {4} on {5} held out ({6} s)</source>
            <translation>{0}第 {1} 折（共 {2} 折）：在 {3} 个样本上训练，在 {5} 个留出样本上 AUC 为 {4}（{6} s）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="130" />
            <source>The {0} must be a {1} file: {2}</source>
            <translation>{0}必须为 {1} 文件：{2}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="157" />
            <source>Validation must be one or more of {0}, not {1}.</source>
            <translation>验证方式必须为 {0} 中的一个或多个，而不是 {1}。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="159" />
            <source>Spatial method must be {0}, not '{1}'.</source>
            <translation>空间分折方法必须为 {0}，而不是“{1}”。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="161" />
            <source>Temporal validation needs the inventory's year or date field (YEAR_FIELD).</source>
            <translation>时间验证需要滑坡编录的年份或日期字段（YEAR_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="163" />
            <source>No model file was given; give the path of the .onnx file to write.</source>
            <translation>未给出模型文件；请给出要写入的 .onnx 文件路径。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="165" />
            <source>Give the factors raster (or mapping units whose fields are the factors).</source>
            <translation>请给出评价因子栅格（或以字段作为评价因子的评价单元）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="277" />
            <source>Fitting the final model on all {0} samples</source>
            <translation>在全部 {0} 个样本上拟合最终模型</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="310" />
            <source>Model written to {0} ({1} MB, holding {2} fold models for the uncertainty; {3} fold model file(s) beside it)</source>
            <translation>模型已写入 {0}（{1} MB，内含 {2} 个用于不确定性的折模型；旁边有 {3} 个折模型文件）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="315" />
            <source>Model written to {0} ({1} MB; {2} fold model file(s) beside it)</source>
            <translation>模型已写入 {0}（{1} MB；旁边有 {2} 个折模型文件）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="338" />
            <source>Samples: {0} landslide(s), {1} absence(s) ({2} dropped for missing factor values)</source>
            <translation>样本：{0} 处滑坡，{1} 个非滑坡样本（{2} 个因缺少评价因子值被剔除）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="415" />
            <source>Temporal validation has one fold: the fold models of the uncertainty map come from random folds.</source>
            <translation>时间验证只有一折：不确定性图的分折模型来自随机分折。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="442" />
            <source>Spatial validation with {0} too, for the report's side-by-side</source>
            <translation>同时进行{0}空间验证，用于报告中的对比</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="499" />
            <source>Comparing: {0} on the same folds ({1} of {2})</source>
            <translation>比较：在相同的折上比较 {0}（{2} 中的 {1}）</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="759" />
            <source>The report cannot be written: susceptibility/report.py could not be loaded ({0}). Leave the report output empty, or install matplotlib (python3 -m pip install matplotlib).</source>
            <translation>无法写出报告：无法加载 susceptibility/report.py（{0}）。请将报告输出留空，或安装 matplotlib（python3 -m pip install matplotlib）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="892" />
            <source>The model {0} names no factors (band_names): the bands of {1} are used in their order.</source>
            <translation>模型 {0} 没有给出评价因子名称（band_names）：按顺序使用 {1} 的波段。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="902" />
            <source>{0} computes {1} of {2}; the band(s) of {3} ({4}) are read as {5}.</source>
            <translation>{0} 由 {2} 计算 {1}；{3} 的波段（{4}）作为 {5} 读取。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="908" />
            <source>Warning: {0} names no bands, so they cannot be checked against the factors of {1} ({2}); they are used in their order.</source>
            <translation>警告：{0} 没有给出波段名称，因此无法与 {1} 的评价因子（{2}）核对；按其顺序使用。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="925" />
            <source>The factors do not match the model: {0} was trained on [{1}], but {2} holds [{3}] ({4}). Build the factors again with the model's factors.</source>
            <translation>评价因子与模型不符：{0} 训练时使用的是 [{1}]，但 {2} 中是 [{3}]（{4}）。请按模型的评价因子重新生成评价因子。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="934" />
            <source>The factor '{0}' is {1} in the model {2} but {3} in {4}; build the factors again with the kinds the model was trained on.</source>
            <translation>评价因子“{0}”在模型 {2} 中为 {1}，但在 {4} 中为 {3}；请按模型训练时的类型重新生成评价因子。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="943" />
            <source>{0} holds the model's factors in another order ([{1}]); they are read in the model's order ([{2}]).</source>
            <translation>{0} 中模型评价因子的顺序不同（[{1}]）；将按模型的顺序读取（[{2}]）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="960" />
            <source>Warning: the model {0} does not record the codes of its text categories, so those of {1} cannot be checked; make sure the factors were built from the same polygon layers.</source>
            <translation>警告：模型 {0} 未记录其文本类别的编码，因此无法核对 {1} 的编码；请确认评价因子是由相同的多边形图层生成的。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="967" />
            <source>Warning: {0} does not record the codes of its text categories, so they cannot be checked against those of {1}; make sure the factors were built with the model's text codes.</source>
            <translation>警告：{0} 未记录其文本类别的编码，因此无法与 {1} 的编码核对；请确认评价因子是按模型的文本编码生成的。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="981" />
            <source>The factor '{0}' was coded from text values in training ({1}), but {2} holds numbers for it. {3}</source>
            <translation>评价因子“{0}”在训练中由文本值编码（{1}），但 {2} 中为数字。{3}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="986" />
            <source>The factor '{0}' holds codes of text values in {1} ({2}), but numbers in the model's training. {3}</source>
            <translation>评价因子“{0}”在 {1} 中存放的是文本值的编码（{2}），但在模型训练中为数字。{3}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="997" />
            <source>The factor '{0}' codes its text values otherwise than the model {1} ({2}), so a code would stand for another category. {3}</source>
            <translation>评价因子“{0}”对其文本值的编码与模型 {1} 不同（{2}），因此同一编码会代表另一类别。{3}</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1059" />
            <source>factor {0}: {1} {2} hold codes never seen in training (codes {3}{4}): their susceptibility rests on the other factors only</source>
            <translation>评价因子 {0}：{1} {2}含有训练中未出现过的编码（编码 {3}{4}）：其易发性仅取决于其他评价因子</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1084" />
            <source>The model {0} holds no fold models, so there is no spread to map. Train it again with Lithoscope keeping the uncertainty (UNCERTAINTY in Train landslide susceptibility), or leave the uncertainty output empty.</source>
            <translation>模型 {0} 不含折模型，因此没有可制图的离散程度。请用 Lithoscope 重新训练并保留不确定性（“训练滑坡易发性模型”中的 UNCERTAINTY），或将不确定性输出留空。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1093" />
            <source>The fold model {0} is missing; keep the .foldN.onnx files beside the model, or leave the uncertainty output empty.</source>
            <translation>缺少分折模型 {0}；请将 .foldN.onnx 文件保留在模型旁边，或将不确定性输出留空。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1111" />
            <source>Class method must be one of {0}, not '{1}'.</source>
            <translation>分级方法必须为 {0} 之一，而不是“{1}”。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1117" />
            <source>The mapping units output needs mapping units; give the mapping units layer too.</source>
            <translation>评价单元输出需要评价单元；请同时给出评价单元图层。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1131" />
            <source>No output file was given; give the path of the probability raster to write.</source>
            <translation>未给出输出文件；请给出要写入的概率栅格路径。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1148" />
            <source>The model {0} has one fold model only (a temporal validation alone has one fold), and the spread of one model is no uncertainty. Train it again with random or spatial validation too, or leave the uncertainty output empty.</source>
            <translation>模型 {0} 只有一个分折模型（单独的时间验证只有一折），一个模型的离散度不构成不确定性。请同时用随机或空间验证重新训练，或将不确定性输出留空。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1189" />
            <source>The model {0} was trained on mapping units with factors of their own ({1}); give the mapping units to map (with those fields).</source>
            <translation>模型 {0} 是在带有自身评价因子（{1}）的评价单元上训练的；请给出要制图的评价单元（带这些字段）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1194" />
            <source>The model {0} maps mapping units from their own fields and shape, not pixels: leave the probability, class and uncertainty rasters empty and give the mapping units output.</source>
            <translation>模型 {0} 根据评价单元自身的字段和形状对单元制图，而不是对像元：请将概率、等级和不确定性栅格留空，并给出评价单元输出。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1200" />
            <source>The model {0} takes the factors raster; give it (FACTORS).</source>
            <translation>模型 {0} 需要评价因子栅格；请给出（FACTORS）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1216" />
            <source>The model {0} is a sequence model (of series over time or depth), not a susceptibility model of factors. Train a susceptibility model on your factors (Train landslide susceptibility), or run this model with Sequence model over a raster stack (lithoscope:sequenceraster).</source>
            <translation>模型 {0} 是序列模型（随时间或深度变化的序列），不是基于评价因子的滑坡易发性模型。请在评价因子上训练滑坡易发性模型（训练滑坡易发性模型），或用“序列模型”在栅格堆栈上运行该模型（lithoscope:sequenceraster）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1221" />
            <source>The model {0} is a {1} model (it maps {2}), not a susceptibility model of factors. Train a susceptibility model on your factors (Train landslide susceptibility), or run this model with Classify raster (lithoscope:classify).</source>
            <translation>模型 {0} 是{1}模型（它绘制{2}），不是基于评价因子的滑坡易发性模型。请在评价因子上训练滑坡易发性模型（训练滑坡易发性模型），或用“栅格分类”运行该模型（lithoscope:classify）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1244" />
            <source>The factor '{0}' of {1} ranges from {2} to {3}, as a slope in radians would, but the model was trained on slopes in degrees{4}. Convert the slope to degrees (Raster Calculator: "slope@1" * 57.29578) and build the factors again (Build susceptibility factors).</source>
            <translation>{1} 的评价因子“{0}”取值范围为 {2} 至 {3}，与以弧度表示的坡度相同，但模型训练时坡度以度为单位{4}。请将坡度转换为度（栅格计算器："slope@1" * 57.29578），然后重新生成评价因子（生成滑坡易发性评价因子）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1259" />
            <source>The model has one fold model only: no uncertainty field (a spread needs two or more).</source>
            <translation>模型只有一个分折模型：没有不确定性字段（离散度需要两个或更多）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1404" />
            <source>Class {0}: {1}% of the area</source>
            <translation>等级 {0}：占区域面积的 {1}%</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1406" />
            <source>The table's landslides per class are those of the inventory given: if the model was trained on them, they measure its fit, not its skill (the training report's held-out class table does).</source>
            <translation>表中各等级的滑坡取自给定的滑坡编录：若模型是用它们训练的，这反映的是拟合程度，而不是预测能力（训练报告中留作检验的分级表才反映预测能力）。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1567" />
            <source>The units give the factors [{0}], but the model {1} takes [{2}]. Build the factors and units the model was trained on.</source>
            <translation>评价单元给出的评价因子为 [{0}]，但模型 {1} 需要 [{2}]。请生成模型训练时所用的评价因子和评价单元。</translation>
        </message>
        <message>
            <location filename="../../susceptibility/workflow.py" line="1615" />
            <source>Class {0}: {1}% of the units</source>
            <translation>等级 {0}：占制图单元的 {1}%</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="132" />
            <source>The training samples need {0} GB in {1}, but only {2} GB are free. Free some space there (the system's temporary folder), or use fewer or smaller tiles (most training tiles).</source>
            <translation>训练样本在 {1} 中需要 {0} GB，但只有 {2} GB 可用。请在那里释放一些空间（系统的临时文件夹），或使用更少或更小的瓦片（最多训练瓦片数）。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="145" />
            <source>{0} holds {1}: a model needs at least two classes to learn anything. Label samples of at least two classes (or choose another label field).</source>
            <translation>{0} 只含 {1}：模型至少需要两个类别才能学到东西。请标注至少两个类别的样本（或选择另一个标注字段）。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="163" />
            <source>Unknown choice for rare classes {0}; use one of {1}.</source>
            <translation>稀有类别的选项 {0} 未知；请使用 {1} 之一。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="173" />
            <source>{0} class(es) have fewer than {1} {2}: {3}. The model will hardly learn them; label more of them, or drop or merge them (rare classes setting).</source>
            <translation>{0} 个类别少于 {1} 个{2}：{3}。模型几乎学不到它们；请多标注一些，或删除、合并它们（稀有类别设置）。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="187" />
            <source>After {0} the classes with fewer than {1} {2} ({3}) fewer than two classes are left. Label more samples, or keep rare classes.</source>
            <translation>在{0}少于 {1} 个{2}的类别（{3}）之后，剩下的类别少于两个。请标注更多样本，或保留稀有类别。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="192" />
            <source>{0} class(es) with fewer than {1} {2} were {3}: {4}.</source>
            <translation>{0} 个少于 {1} 个{2}的类别已被处理（{3}）：{4}。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="203" />
            <source>The samples fall in {0} {1}; holding whole {2} out needs at least 3 (one to test, one to stop training early, one to train on). Label a larger area, or more {3}.</source>
            <translation>样本落在 {0} 个{1}中；整组留出{2}至少需要 3 个（一个测试、一个用于早停、一个用于训练）。请标注更大的区域或更多的{3}。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="212" />
            <source>Held-out {0} {1} are not in the data (there are: {2}). Give names as they appear.</source>
            <translation>留出的{0} {1} 不在数据中（现有：{2}）。请按其原样给出名称。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="225" />
            <source>With {0} held out, {1} {2} remain; training needs at least 2 besides the held-out ones (one to train on, one to stop early). Hold out fewer {3}.</source>
            <translation>留出 {0} 后只剩 {1} 个{2}；除留出的之外，训练至少需要 2 个（一个用于训练，一个用于早停）。请少留出一些{3}。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="234" />
            <source>Every {0} was held out; hold out fewer {1} so some remain to train on.</source>
            <translation>所有{0}都被留出；请少留出一些{1}，以便留下一些用于训练。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="345" />
            <source>The model file must end in .onnx, got {0}; choose a name like model.onnx.</source>
            <translation>模型文件必须以 .onnx 结尾，得到的是 {0}；请选择类似 model.onnx 的名称。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="348" />
            <source>The folder {0} does not exist; choose an existing folder for the model.</source>
            <translation>文件夹 {0} 不存在；请为模型选择一个已存在的文件夹。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="363" />
            <source>Held out by {0}: {1} training samples ({2}), {3} for early stopping ({4}), {5} held out for the report ({6}).</source>
            <translation>按{0}留出：{1} 个训练样本（{2}），{3} 个用于早停（{4}），{5} 个留给报告（{6}）。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="374" />
            <source>The training components (a Python environment with PyTorch) are not installed. Install them from Lithoscope &gt; Dependencies… &gt; Training components… (or run `make train-env` in a checkout), then run the training again.</source>
            <translation>训练组件（带 PyTorch 的 Python 环境）尚未安装。请通过 Lithoscope &gt; 依赖项… &gt; 训练组件… 安装（或在源码目录中运行 `make train-env`），然后重新运行训练。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="462" />
            <source>Warning: the held-out {0} hold only one of the two classes, so no AUC can be given; label more of the area, or hold out other blocks.</source>
            <translation>警告：留出的{0}中只有两个类别之一，因此无法给出 AUC；请标注更大的区域，或留出其他区块。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="501" />
            <source>Exported model checked against PyTorch on {0} samples: largest difference {1}.</source>
            <translation>已在 {0} 个样本上将导出的模型与 PyTorch 对比检查：最大差异 {1}。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="503" />
            <location filename="../../learning/encode.py" line="301" />
            <location filename="../../learning/voids.py" line="382" />
            <source>The exported model differs from the trained network by {0} (more than {1}); nothing was written. Report this as a bug, with the log.</source>
            <translation>导出的模型与训练的网络相差 {0}（超过 {1}）；未写出任何文件。请附上日志报告此错误。</translation>
        </message>
        <message>
            <location filename="../../learning/common.py" line="533" />
            <source>The disk is full while writing the model near {0}; nothing was written. Free some space or choose another folder.</source>
            <translation>在 {0} 附近写出模型时磁盘已满；未写出任何文件。请释放一些空间或选择另一个文件夹。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="89" />
            <source>Band kinds {0} must give continuous or categorical for each of the {1} bands ({2}).</source>
            <translation>波段类型 {0} 必须为 {1} 个波段（{2}）中的每一个给出 continuous 或 categorical。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="109" />
            <source>The band {0} is categorical ({1}): an autoencoder measures distances between values, which class codes do not have. Leave it out (use it as a categorical factor in Build susceptibility factors instead), or, if its values are measurements, declare it continuous.</source>
            <translation>波段 {0} 是分类波段（{1}）：自编码器度量数值之间的距离，而类别代码没有距离。请将其排除（改为在构建易发性因子中作为分类因子使用），或者，如果其值是测量值，请将其声明为连续波段。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="133" />
            <source>The spatial block side must be at least 8 pixels, got {0}.</source>
            <translation>空间区块边长必须至少为 8 像元，得到的是 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="176" />
            <source>No pixel has a value in every band (nodata everywhere, or the rasters do not overlap); give rasters with data over the same area.</source>
            <translation>没有像元在每个波段都有值（处处无数据，或栅格不重叠）；请给出在同一区域有数据的栅格。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="203" />
            <source>{0} pixels of {1} band(s) from {2} spatial blocks of {3} px.</source>
            <translation>来自 {2} 个 {3} 像元空间区块的 {0} 个像元，{1} 个波段。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="245" />
            <source>The latent size must be at least 1 and smaller than the number of bands ({0}: {1}), got {2}; a latent as wide as the input compresses nothing.</source>
            <translation>潜在维数必须至少为 1 且小于波段数（{0}：{1}），得到的是 {2}；与输入同宽的潜在层什么也没有压缩。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="299" />
            <source>Exported model checked against PyTorch on 64 pixels: largest difference {0}.</source>
            <translation>已在 64 个像元上将导出的模型与 PyTorch 对比检查：最大差异 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="443" />
            <source>The model {0} is a '{1}' model, not an autoencoder; give a model trained with Train an autoencoder (lithoscope:trainautoencoder).</source>
            <translation>模型 {0} 是“{1}”模型，不是自编码器；请给出用“训练自编码器”（lithoscope:trainautoencoder）训练的模型。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="454" />
            <source>The model's metadata says {0} latent bands, but its latent output '{1}' has {2}; the metadata does not belong to this network. Export the model again (or fix latent_size).</source>
            <translation>模型元数据称有 {0} 个潜在波段，但其潜在输出“{1}”有 {2} 个；元数据不属于这个网络。请重新导出模型（或修正 latent_size）。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="467" />
            <source>Categorical bands were given to an autoencoder; it measures distances between values, which class codes do not have. Give continuous bands only (use class rasters as categorical factors instead).</source>
            <translation>给自编码器提供了分类波段；它度量数值之间的距离，而类别代码没有距离。请只给出连续波段（类别栅格改作分类因子使用）。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="473" />
            <source>The layer {0} is categorical (a vector, or declared categorical); an autoencoder takes continuous bands only. Leave it out.</source>
            <translation>图层 {0} 是分类图层（矢量，或被声明为分类）；自编码器只接受连续波段。请将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="510" />
            <source>The latent and reconstruction error outputs have the same file name; give each its own.</source>
            <translation>潜在输出与重建误差输出的文件名相同；请为每个输出指定各自的文件名。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="527" />
            <source>The model wrote {0} latent bands, but it declares {1}; the model does not match its metadata.</source>
            <translation>模型写出了 {0} 个潜在波段，但它声明的是 {1} 个；模型与其元数据不符。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="558" />
            <source>Encoding cancelled; no output was written.</source>
            <translation>编码已取消；未写出任何输出。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="561" />
            <source>Latent bands written to {0} ({1} bands); reconstruction error (2nd–98th percentile {2}–{3}) to {4}.</source>
            <translation>潜在波段已写入 {0}（{1} 个波段）；重建误差（第 2–98 百分位 {2}–{3}）已写入 {4}。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="607" />
            <source>Too few valid pixels in the latent raster to choose a number of units.</source>
            <translation>潜在栅格中的有效像元太少，无法选择单元数。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="609" />
            <source>Silhouette by number of units: {0}; chosen {1}.</source>
            <translation>各单元数的轮廓系数：{0}；选择 {1}。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="639" />
            <source>The number of landform units must be 0 (chosen by silhouette) or 2 to 250, got {0}.</source>
            <translation>地貌单元数必须为 0（按轮廓系数选择）或 2 到 250，得到的是 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="641" />
            <source>The unit table {0} is written as CSV; give it the extension .csv.</source>
            <translation>单元表 {0} 以 CSV 写出；请使用 .csv 扩展名。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="655" />
            <source>The latent raster {0} has fewer than 10 valid pixels; nothing to cluster.</source>
            <translation>潜在栅格 {0} 的有效像元少于 10 个；无可聚类。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="660" />
            <source>{0} units asked for, but only {1} pixels were sampled; ask for fewer units.</source>
            <translation>要求 {0} 个单元，但只抽取了 {1} 个像元；请要求更少的单元。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="681" />
            <location filename="../../learning/encode.py" line="726" />
            <source>Landform units cancelled; no output was written.</source>
            <translation>地貌单元已取消；未写出任何输出。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="729" />
            <source>{0} landform units written to {1}{2}</source>
            <translation>{0} 个地貌单元已写入 {1}{2}</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="740" />
            <source>The DEM {0} is not on the grid of the latent raster; give the DEM the latent bands were computed from (or align it first: Raster &gt; Align Rasters).</source>
            <translation>DEM {0} 不在潜在栅格的格网上；请给出计算潜在波段所用的 DEM（或先对齐：栅格 &gt; 对齐栅格）。</translation>
        </message>
        <message>
            <location filename="../../learning/encode.py" line="751" />
            <source>Warning: the DEM is not on a grid in metres; the unit table has elevation but no slope or curvature.</source>
            <translation>警告：DEM 不在以米为单位的格网上；单元表只有高程，没有坡度和曲率。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="34" />
            <location filename="../../learning/report.py" line="68" />
            <source>spatial blocks</source>
            <translation>空间区块</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="35" />
            <location filename="../../learning/report.py" line="75" />
            <source>groups of points</source>
            <translation>点组</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="36" />
            <source>groups of features</source>
            <translation>要素组</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="37" />
            <source>features</source>
            <translation>要素</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="38" />
            <source>stations</source>
            <translation>测站</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="39" />
            <location filename="../../learning/report.py" line="88" />
            <source>wells</source>
            <translation>井</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="40" />
            <source>samples</source>
            <translation>样本</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="41" />
            <source>labelled pixels</source>
            <translation>已标注像元</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="42" />
            <source>labelled series</source>
            <translation>已标注序列</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="43" />
            <source>forecast windows</source>
            <translation>预测窗口</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="44" />
            <source>labelled depth samples</source>
            <translation>已标注深度采样</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="46" />
            <source>majority class</source>
            <translation>多数类</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="47" />
            <source>random forest</source>
            <translation>随机森林</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="48" />
            <source>persistence</source>
            <translation>持续性</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="49" />
            <source>straight line</source>
            <translation>直线外推</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="50" />
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="51" />
            <source>macro F1</source>
            <translation>宏 F1</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="52" />
            <source>kappa</source>
            <translation>kappa</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="53" />
            <source>penalty score</source>
            <translation>惩罚得分</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="54" />
            <source>RMSE</source>
            <translation>RMSE</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="55" />
            <source>MAE</source>
            <translation>MAE</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="56" />
            <source>AUC</source>
            <translation>AUC</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="63" />
            <source>rasters</source>
            <translation>栅格</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="64" />
            <source>raster</source>
            <translation>栅格</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="65" />
            <location filename="../../learning/segmentation.py" line="530" />
            <source>labels</source>
            <translation>标注</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="66" />
            <source>class field</source>
            <translation>类别字段</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="67" />
            <source>tiles</source>
            <translation>瓦片</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="69" />
            <source>labelled pixels per class</source>
            <translation>每类已标注像元</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="70" />
            <source>pixel size</source>
            <translation>像元大小</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="71" />
            <source>inputs of the network</source>
            <translation>网络的输入</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="72" />
            <source>points</source>
            <translation>点</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="73" />
            <source>series</source>
            <translation>序列</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="74" />
            <source>steps</source>
            <translation>步</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="76" />
            <source>points per class</source>
            <translation>每类点数</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="77" />
            <source>source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="78" />
            <source>series (stations)</source>
            <translation>序列（测站）</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="79" />
            <source>windows</source>
            <translation>窗口</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="80" />
            <source>forecast</source>
            <translation>预测</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="81" />
            <source>step</source>
            <translation>步长</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="82" />
            <source>series per class</source>
            <translation>每类序列数</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="83" />
            <source>logs</source>
            <translation>测井曲线</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="84" />
            <source>curves</source>
            <translation>曲线</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="85" />
            <source>label</source>
            <translation>标注</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="86" />
            <source>class codes</source>
            <translation>类别代码</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="87" />
            <source>window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="89" />
            <source>labelled depth samples per class</source>
            <translation>每类已标注深度采样</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="90" />
            <source>samples left out</source>
            <translation>排除的采样</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="91" />
            <source>penalty matrix</source>
            <translation>惩罚矩阵</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="116" />
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="117" />
            <source>{value} for the {baseline}</source>
            <translation>{baseline}为 {value}</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="121" />
            <source>On {n} {samples} of {groups} held-out {group_word} (never seen in training), the model's {metric} is {value}, against {others}.</source>
            <translation>在 {groups} 个留出的{group_word}（训练中从未见过）的 {n} 个{samples}上，模型的{metric}为 {value}，对比：{others}。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="134" />
            <source>Accuracy {accuracy}, kappa {kappa} (0: no better than chance agreement, 1: perfect).</source>
            <translation>准确率 {accuracy}，kappa {kappa}（0：不优于偶然一致，1：完全一致）。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="138" />
            <source>The model is WORSE than the {baselines} on these held-out {group_word}: prefer the baseline, or give more labelled data, other inputs or a longer training time.</source>
            <translation>在这些留出的{group_word}上，模型比{baselines}更差：请优先使用基线，或提供更多标注数据、其他输入或更长的训练时间。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="141" />
            <location filename="../../learning/report.py" line="390" />
            <source> and the </source>
            <translation>和</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="143" />
            <source>The model beats every baseline on the held-out data.</source>
            <translation>在留出数据上，模型优于所有基线。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="175" />
            <source>validation macro F1</source>
            <translation>验证宏 F1</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="175" />
            <source>validation RMSE</source>
            <translation>验证 RMSE</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="181" />
            <source>training loss</source>
            <translation>训练损失</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="189" />
            <source>training loss, final fit on all samples</source>
            <translation>训练损失，全部样本上的最终拟合</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="197" />
            <source>validation loss (the lowest is kept)</source>
            <translation>验证损失（保留最低者）</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="199" />
            <source>epoch</source>
            <translation>轮</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="200" />
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="220" />
            <source>predicted</source>
            <translation>预测</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="221" />
            <source>true</source>
            <translation>真实</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="257" />
            <source>precision</source>
            <translation>精确率</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="257" />
            <source>recall</source>
            <translation>召回率</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="257" />
            <source>F1</source>
            <translation>F1</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="257" />
            <source>held-out samples</source>
            <translation>留出样本</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="262" />
            <source>Held out by whole {group_word}: the test samples come from {test} {group_word} the model never saw; {val} others decided when training stopped (early stopping), {train} were trained on. Baselines were fitted on the same training samples. A random split would mix neighbouring samples into training and test and overstate the skill.</source>
            <translation>按整个{group_word}留出：测试样本来自模型从未见过的 {test} 个{group_word}；另外 {val} 个决定训练何时停止（早停），{train} 个用于训练。基线在相同的训练样本上拟合。随机划分会把相邻样本混入训练和测试，从而高估技能。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="277" />
            <source>device</source>
            <translation>设备</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="278" />
            <source>training throughput (samples/s)</source>
            <translation>训练吞吐量（样本/秒）</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="279" />
            <source>best epoch</source>
            <translation>最佳轮</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="280" />
            <source>exported model vs PyTorch, largest difference</source>
            <translation>导出模型与 PyTorch 的最大差异</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="289" />
            <source>Skill on held-out data</source>
            <translation>留出数据上的技能</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="292" />
            <source>Per class</source>
            <translation>逐类</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="293" />
            <source>Confusion matrix of the held-out samples (colour: share of each true class)</source>
            <translation>留出样本的混淆矩阵（颜色：各真实类别中的比例）</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="295" />
            <source>Training and validation loss, and the validation score, per epoch</source>
            <translation>每轮的训练与验证损失及验证分数</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="297" />
            <source>Learning curves</source>
            <translation>学习曲线</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="308" />
            <source>Training report written by Lithoscope on {date} for {model}.</source>
            <translation>Lithoscope 于 {date} 为 {model} 撰写的训练报告。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="342" />
            <source>inputs, in order: {names}</source>
            <translation>输入（按顺序）：{names}</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="345" />
            <source>classes: {names}</source>
            <translation>类别：{names}</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="363" />
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="364" />
            <source>architecture: {name}</source>
            <translation>结构：{name}</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="366" />
            <source>device: {device}, best epoch {epoch}, {rate} samples/s</source>
            <translation>设备：{device}，最佳轮 {epoch}，{rate} 样本/秒</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="371" />
            <source>final model retrained on all samples</source>
            <translation>最终模型用全部样本重新训练</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="371" />
            <source>final model: the validated one</source>
            <translation>最终模型：经验证的那个</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="374" />
            <source>exported ONNX checked against PyTorch: largest difference {diff}</source>
            <translation>导出的 ONNX 已与 PyTorch 对比检查：最大差异 {diff}</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="378" />
            <source>Limits</source>
            <translation>局限</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="380" />
            <source>Only as good as the labels and the area they cover; outside the training ranges of the inputs Lithoscope warns before a run.</source>
            <translation>模型的好坏取决于标注及其覆盖的区域；输入超出训练范围时，Lithoscope 会在运行前警告。</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="384" />
            <source>Training ranges (1st–99th percentile): {ranges}</source>
            <translation>训练范围（第 1–99 百分位）：{ranges}</translation>
        </message>
        <message>
            <location filename="../../learning/report.py" line="389" />
            <source>Worse than the {baselines} on held-out data ({metric}).</source>
            <translation>在留出数据上比{baselines}更差（{metric}）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="33" />
            <source>Give at least one raster to train on (imagery, a DEM, terrain derivatives…).</source>
            <translation>请至少给出一个用于训练的栅格（影像、DEM、地形派生量…）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="41" />
            <source>The raster {0} cannot be read ({1}); give a GDAL-readable raster.</source>
            <translation>无法读取栅格 {0}（{1}）；请给出 GDAL 可读的栅格。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="47" />
            <source>The rasters are not aligned: {0} has another grid than {1} (CRS, size or pixel grid). Align them first (Raster &gt; Align Rasters).</source>
            <translation>栅格未对齐：{0} 的格网与 {1} 不同（坐标系、大小或像元格网）。请先对齐（栅格 &gt; 对齐栅格）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="78" />
            <source>There is no band {0} to treat as categorical; the bands are: {1} (or give numbers 1 to {2}).</source>
            <translation>没有可作为分类波段的波段 {0}；现有波段为：{1}（或给出编号 1 到 {2}）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="92" />
            <source>The categorical band '{0}' has no valid value in the labelled tiles.</source>
            <translation>分类波段“{0}”在已标注瓦片中没有有效值。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="94" />
            <source>The band '{0}' holds non-integer values, so it is not a grid of class codes; leave it out of the categorical bands (it is then scaled as a continuous band).</source>
            <translation>波段“{0}”含有非整数值，因此不是类别代码格网；请将其从分类波段中去掉（之后它将作为连续波段缩放）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="100" />
            <source>The categorical band '{0}' holds {1} distinct codes (more than {2}); is it a continuous band? Leave it out of the categorical bands, or group its classes first.</source>
            <translation>分类波段“{0}”含有 {1} 个不同代码（多于 {2} 个）；它是连续波段吗？请将其从分类波段中去掉，或先合并其类别。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="140" />
            <source>Terrain factors of {0} need a DEM on a grid in metres; reproject it to a projected CRS in metres first (Raster &gt; Projections &gt; Warp), or train without terrain factors.</source>
            <translation>{0} 的地形因子需要以米为单位格网上的 DEM；请先将其重投影到以米为单位的投影坐标系（栅格 &gt; 投影 &gt; 变形），或不使用地形因子训练。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="156" />
            <source>The {0} {1} cannot be read ({2}); give a vector layer GDAL can open.</source>
            <translation>无法读取{0} {1}（{2}）；请给出 GDAL 能打开的矢量图层。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="159" />
            <source>The {0} {1} has no geometries; give polygons.</source>
            <translation>{0} {1} 没有几何；请给出多边形。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="198" />
            <source>'Terrain factors only' needs terrain factors to compute from the DEM; choose some, or untick it.</source>
            <translation>“仅用地形因子”需要由 DEM 计算的地形因子；请选择一些因子，或取消勾选。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="203" />
            <source>The training tile size must be a multiple of 4 and at least 16 pixels, got {0}.</source>
            <translation>训练瓦片大小必须是 4 的倍数且至少 16 像元，得到的是 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="205" />
            <source>Give the labels either as polygons with a class field or as a label raster (one of them).</source>
            <translation>请以带类别字段的多边形或标注栅格给出标注（二者之一）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="217" />
            <source>A susceptibility model needs two classes, one of them {0}; the labels have {1}: {2}. Give labels of two classes (e.g. 1 landslide, 0 stable ground) and the value of the landslide class.</source>
            <translation>易发性模型需要两个类别，其中之一为 {0}；标注中有 {1} 个：{2}。请给出两个类别的标注（例如 1 滑坡、0 稳定地面）以及滑坡类别的值。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="239" />
            <source>The raster is {0} x {1} pixels, smaller than one training tile ({2} px). Choose a smaller tile size or a larger raster.</source>
            <translation>栅格为 {0} × {1} 像元，小于一个训练瓦片（{2} 像元）。请选择更小的瓦片或更大的栅格。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="251" />
            <source>The label layer has no field {0}; choose the class field among: {1}.</source>
            <translation>标注图层没有字段 {0}；请从以下字段中选择类别字段：{1}。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="260" />
            <source>No label polygon overlaps the raster (after reprojecting the labels to the raster's CRS). Check that the labels and the raster cover the same place.</source>
            <translation>没有标注多边形与栅格重叠（已将标注重投影到栅格的坐标系）。请检查标注与栅格是否覆盖同一地点。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="269" />
            <source>The label raster {0} is not on the grid of the input rasters; align it first (Raster &gt; Align Rasters, nearest neighbour).</source>
            <translation>标注栅格 {0} 不在输入栅格的格网上；请先对齐（栅格 &gt; 对齐栅格，最近邻）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="281" />
            <source>With 'Terrain factors only' the first band ({0}) is the DEM the factors are computed of; it cannot be a categorical band too. Remove it from the categorical bands.</source>
            <translation>使用“仅用地形因子”时，第一个波段（{0}）是用于计算因子的 DEM，不能同时作为类别波段。请将其从类别波段中移除。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="322" />
            <source>No {0} x {1} px tile has at least {2} of its pixels labelled{3}. The labelled area is smaller than one tile: label a larger area, or choose a smaller tile size.</source>
            <translation>没有 {0} × {1} 像元的瓦片有至少 {2} 的像元被标注{3}。标注区域小于一个瓦片：请标注更大的区域，或选择更小的瓦片。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="330" />
            <source>{0} labelled tiles found; {1} of them (chosen at random) are used.</source>
            <translation>找到 {0} 个已标注瓦片；使用其中（随机选择的）{1} 个。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="382" />
            <source>One-hot encoded: {0}</source>
            <translation>独热编码：{0}</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="396" />
            <source>{0} tile(s) have no labelled pixel left (labels over nodata, or dropped classes).</source>
            <translation>{0} 个瓦片已没有标注像元（标注落在无数据上，或类别被删除）。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="461" />
            <source>{0} training tiles of {1} px from {2} band(s), {3} classes, {4} spatial blocks.</source>
            <translation>{0} 个 {1} 像元的训练瓦片，来自 {2} 个波段，{3} 个类别，{4} 个空间区块。</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="530" />
            <source>input (band 1)</source>
            <translation>输入（波段 1）</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="530" />
            <source>prediction</source>
            <translation>预测</translation>
        </message>
        <message>
            <location filename="../../learning/segmentation.py" line="546" />
            <source>Held-out tiles: input, labels and the model's prediction</source>
            <translation>留出瓦片：输入、标注与模型预测</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="132" />
            <source>The horizons must be at least 1 (got {0}).</source>
            <translation>预测步长必须至少为 1（得到的是 {0}）。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="138" />
            <source>The steps ahead {0} are not whole numbers; give them like 7,30 (steps of the series).</source>
            <translation>超前步数 {0} 不是整数；请按 7,30 的形式给出（序列的步数）。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="142" />
            <source>The steps ahead {0} must be distinct whole numbers of 1 or more, like 7,30.</source>
            <translation>超前步数 {0} 必须是互不相同且不小于 1 的整数，例如 7,30。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="154" />
            <source>The target {0} is not a value column; choose among {1}.</source>
            <translation>目标 {0} 不是数值列；请从 {1} 中选择。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="156" />
            <source>A target is given twice ({0}); give each value column once.</source>
            <translation>有目标被给出了两次（{0}）；每个数值列只给一次。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="193" />
            <source>The raster {0} cannot be read ({1}); give a GDAL-readable band stack.</source>
            <translation>无法读取栅格 {0}（{1}）；请给出 GDAL 可读的波段堆栈。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="198" />
            <source>The raster has {0} band(s), not a whole number of steps of {1} feature(s) each; give the number of features per date (1 for one band per date).</source>
            <translation>栅格有 {0} 个波段，不是每步 {1} 个特征的整数步数；请给出每个日期的特征数（每个日期一个波段时为 1）。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="204" />
            <source>The raster has {0} band(s): a series needs at least 2 dates. Give a band stack whose bands are the dates in order (e.g. build it with Raster &gt; Miscellaneous &gt; Build Virtual Raster, 'Place each input file into a separate band').</source>
            <translation>栅格有 {0} 个波段：一条序列至少需要 2 个日期。请给出波段为按顺序日期的波段堆栈（例如用 栅格 &gt; 杂项 &gt; 构建虚拟栅格，“将每个输入文件放入单独波段”构建）。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="215" />
            <source>Give {0} feature name(s), one per feature of a step; got {1}.</source>
            <translation>请给出 {0} 个特征名称，每步的每个特征一个；得到的是 {1}。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="219" />
            <source>The points {0} cannot be read ({1}); give a vector layer GDAL can open.</source>
            <translation>无法读取点 {0}（{1}）；请给出 GDAL 能打开的矢量图层。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="221" />
            <source>The points have no field {0}; choose the class field among: {1}.</source>
            <translation>点没有字段 {0}；请从以下字段中选择类别字段：{1}。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="227" />
            <source>The labelled points layer has no points with a class; label some points.</source>
            <translation>标注点图层中没有带类别的点；请标注一些点。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="235" />
            <source>None of the {0} labelled points lies on the raster (after reprojecting them to the raster's CRS). Check that the points and the raster cover the same place.</source>
            <translation>{0} 个标注点中没有一个落在栅格上（已将其重投影到栅格的坐标系）。请检查点与栅格是否覆盖同一地点。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="240" />
            <source>{0} of {1} labelled points lie outside the raster; they are left out.</source>
            <translation>{1} 个标注点中有 {0} 个位于栅格之外；已将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="253" />
            <source>{0} point(s) have fewer than {1} valid dates (nodata) and are left out.</source>
            <translation>{0} 个点的有效日期少于 {1} 个（无数据），已将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="255" />
            <source>Every labelled point falls on pixels with too many nodata dates; label points on valid pixels.</source>
            <translation>所有标注点都落在无数据日期过多的像元上；请在有效像元上标注点。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="310" />
            <source>{0} labelled series of {1} steps x {2} feature(s), {3} classes, {4} groups of points.</source>
            <translation>{0} 条已标注序列，{1} 步 × {2} 个特征，{3} 个类别，{4} 个点组。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="334" />
            <source>The dates of {0} do not parse: {1} Expected format: {2}. Set the date format the column follows (e.g. %d/%m/%Y), or fix those rows.</source>
            <translation>{0} 的日期无法解析：{1} 预期格式：{2}。请设置该列所用的日期格式（例如 %d/%m/%Y），或修正这些行。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="349" />
            <source>The layer has no {0} {1}; choose it among: {2}.</source>
            <translation>图层没有{0} {1}；请从以下之中选择：{2}。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="398" />
            <source>Unknown task {0}; use one of {1}.</source>
            <translation>任务 {0} 未知；请使用 {1} 之一。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="400" />
            <source>Give the series: a layer with date fields, or a long table (id, time, value columns).</source>
            <translation>请给出序列：带日期字段的图层，或长表（ID、时间、数值列）。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="411" />
            <source>There are no series (no features, or no rows with values); give a layer or table with some.</source>
            <translation>没有序列（没有要素，或没有带数值的行）；请给出含有序列的图层或表。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="423" />
            <source>{0} observation(s) fell on a grid step already taken and were left out.</source>
            <translation>{0} 个观测落在已被占用的格网步上，已将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="428" />
            <source>The input length must be at least 2 (got {0}).</source>
            <translation>输入长度必须至少为 2（得到的是 {0}）。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="463" />
            <source>{0} No series is long enough: give longer series, or a shorter input length or fewer horizons.</source>
            <translation>{0} 没有足够长的序列：请给出更长的序列，或更短的输入长度或更少的预测步长。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="467" />
            <source>Warning: {0} They are left out.</source>
            <translation>警告：{0} 已将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="469" />
            <source>No window of {0} steps without gaps in its targets was found; give series with fewer gaps.</source>
            <translation>未找到目标中无缺失的 {0} 步窗口；请给出缺失更少的序列。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="530" />
            <source>{0} windows of {1} steps from {2} series, forecasting {3} value(s): {4}.</source>
            <translation>来自 {2} 条序列的 {0} 个 {1} 步窗口，预测 {3} 个值：{4}。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="545" />
            <source>A classifier needs the class field of the layer's features; choose it.</source>
            <translation>分类器需要图层要素的类别字段；请选择它。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="547" />
            <source>A classifier of table series needs the layer with the class of each id; give it.</source>
            <translation>表序列的分类器需要带有每个 ID 类别的图层；请给出它。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="552" />
            <source>None of the series' ids is in the layer's {0}; check the id fields of both.</source>
            <translation>序列的 ID 没有一个在图层的 {0} 中；请检查两者的 ID 字段。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="556" />
            <source>Warning: {0} series have no feature in the layer; they are left out.</source>
            <translation>警告：{0} 条序列在图层中没有对应要素；已将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="560" />
            <source>{0} series have fewer than {1} valid steps; they are left out.</source>
            <translation>{0} 条序列的有效步数少于 {1}；已将其排除。</translation>
        </message>
        <message>
            <location filename="../../learning/sequences.py" line="615" />
            <source>{0} labelled series of {1} steps, {2} classes, {3} {4}.</source>
            <translation>{0} 条已标注序列，{1} 步，{2} 个类别，{3} 个{4}。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="248" />
            <source>{0} is not a single-band numeric raster; give a DEM.</source>
            <translation>{0} 不是单波段数值栅格；请给出 DEM。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="251" />
            <source>{0} ({1} x {2} px) is smaller than one training tile ({3} px); use a larger DEM or a smaller tile.</source>
            <translation>{0}（{1} × {2} 像元）小于一个训练瓦片（{3} 像元）；请使用更大的 DEM 或更小的瓦片。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="262" />
            <source>No training tiles: the DEMs are smaller than a tile or all held out.</source>
            <translation>没有训练瓦片：DEM 小于一个瓦片，或全部被留出。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="282" />
            <source>Only {0} tile(s) of {1} px have enough valid elevations; at least 3 are needed. Use a larger DEM, a smaller tile, or fill the existing voids first.</source>
            <translation>只有 {0} 个 {1} 像元的瓦片有足够的有效高程；至少需要 3 个。请使用更大的 DEM、更小的瓦片，或先填补已有的空洞。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="346" />
            <source>Unknown first guess '{0}' for the void filler; give one of: {1}.</source>
            <translation>空洞填补器的初始估计方式“{0}”未知；请给出以下之一：{1}。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="352" />
            <source>The tile size must be a multiple of 32 px, got {0}.</source>
            <translation>瓦片大小必须是 32 像元的倍数，得到的是 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="362" />
            <source>{0} tiles of {1} px in {2} blocks: {3} to train, {4} to stop early, {5} held out for the report; synthetic voids up to {6} px across.</source>
            <translation>{2} 个区块中共 {0} 个 {1} 像元的瓦片：{3} 个用于训练，{4} 个用于早停，{5} 个留给报告；合成空洞最大 {6} 像元宽。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="380" />
            <source>Exported model checked against PyTorch: largest difference {0} of a tile's spread.</source>
            <translation>已将导出的模型与 PyTorch 对比检查：最大差异为瓦片离散度的 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="397" />
            <source>Held-out voids {0}: elevation RMSE {1} (GDAL FillNodata {2}) over {3} tiles.</source>
            <translation>留出空洞 {0}：高程 RMSE {1}（GDAL FillNodata {2}），共 {3} 个瓦片。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="542" />
            <source>'{0}' looks like a classified map ({1}, {2} distinct values{3}), not elevations; give a DEM (elevations in metres or feet).</source>
            <translation>“{0}”看起来是分类图（{1}，{2} 个不同值{3}），而非高程；请给出 DEM（以米或英尺为单位的高程）。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="570" />
            <source>'{0}' has no valid elevation at all (every pixel is nodata); there is nothing to fill from.</source>
            <translation>“{0}”完全没有有效高程（每个像元都是无数据）；无从填补。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="580" />
            <source>The model is a '{0}' model, not a void filler (task generator).</source>
            <translation>该模型是“{0}”模型，不是空洞填补器（任务 generator）。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="585" />
            <source>'{0}' has a void {1} px across; this model fills voids up to {2} px across (its tile of {3} px less the overlap of {4} px). Fill the large void another way first (or leave it out with an extent), or use a model with larger tiles.</source>
            <translation>“{0}”有一个 {1} 像元宽的空洞；此模型可填补最大 {2} 像元宽的空洞（其 {3} 像元的瓦片减去 {4} 像元的重叠）。请先用其他方法填补这个大空洞（或用范围将其排除），或使用瓦片更大的模型。</translation>
        </message>
        <message>
            <location filename="../../learning/voids.py" line="590" />
            <source>Filling {0}.</source>
            <translation>正在填补 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="60" />
            <source>The well table has no column {0} for the {1}; its columns: {2}. Choose one of them.</source>
            <translation>井表没有用于{1}的列 {0}；其列为：{2}。请选择其中之一。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="73" />
            <source>The table {0} cannot be read ({1}); give a CSV file with a header row.</source>
            <translation>无法读取表 {0}（{1}）；请给出带表头行的 CSV 文件。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="81" />
            <source>The table {0} has no data rows; give a CSV file with a header row and one row a sample.</source>
            <translation>表 {0} 没有数据行；请给出带表头行、每行一个采样的 CSV 文件。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="92" />
            <source>The class-code table {0} cannot be read ({1}); give a CSV file of code,name.</source>
            <translation>无法读取类别代码表 {0}（{1}）；请给出 code,name 格式的 CSV 文件。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="98" />
            <source>Row {0} of the class-code table {1} is {2}; each row needs a code and a class name (code,name).</source>
            <translation>类别代码表 {1} 的第 {0} 行为 {2}；每行需要一个代码和一个类别名称（code,name）。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="104" />
            <source>The class code {0} is twice in the class-code table {1}.</source>
            <translation>类别代码 {0} 在类别代码表 {1} 中出现了两次。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="108" />
            <source>The class-code table {0} is empty; give one row code,name per class.</source>
            <translation>类别代码表 {0} 为空；请每个类别给出一行 code,name。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="119" />
            <source>The penalty matrix {0} cannot be read ({1}); give a CSV file of numbers.</source>
            <translation>无法读取惩罚矩阵 {0}（{1}）；请给出数字组成的 CSV 文件。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="134" />
            <source>The penalty matrix {0} must be {1} x {2} numbers (rows: true class, columns: predicted class, in the class order {3}); it is {4} x {5}{6}.</source>
            <translation>惩罚矩阵 {0} 必须是 {1} × {2} 个数字（行：真实类别，列：预测类别，按类别顺序 {3}）；它是 {4} × {5}{6}。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="159" />
            <source>Well '{0}' ({1}) has no label curve '{2}'; its curves: {3}. Choose the label curve by its mnemonic, or leave this well out.</source>
            <translation>井“{0}”（{1}）没有标注曲线“{2}”；其曲线为：{3}。请按助记符选择标注曲线，或排除这口井。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="165" />
            <source>Well '{0}' ({1}) has no curve {2}; its curves: {3}. Choose curves every well has, or leave this well out.</source>
            <translation>井“{0}”（{1}）没有曲线 {2}；其曲线为：{3}。请选择每口井都有的曲线，或排除这口井。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="175" />
            <source>Choose the log curves to train on (mnemonics of the LAS files or columns of the table).</source>
            <translation>请选择用于训练的测井曲线（LAS 文件的助记符或表的列）。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="177" />
            <source>Choose the label curve or column: the facies (or lithology) code of each depth sample.</source>
            <translation>请选择标注曲线或列：每个深度采样的相（或岩性）代码。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="180" />
            <source>The label '{0}' is also among the curves; a model may not learn the label from itself.</source>
            <translation>标注“{0}”也在曲线之中；模型不能由标注本身来学习标注。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="182" />
            <source>Give the labelled wells either as LAS files or as a table (one of them).</source>
            <translation>请以 LAS 文件或表给出已标注的井（二者之一）。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="196" />
            <source>A well table needs its well id column (WELL_FIELD) and its depth column (DEPTH_FIELD).</source>
            <translation>井表需要井 ID 列（WELL_FIELD）和深度列（DEPTH_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="237" />
            <source>The window must be an odd number of samples (centred on each depth), got {0}.</source>
            <translation>窗口必须是奇数个采样（以每个深度为中心），得到的是 {0}。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="243" />
            <source>{0} value(s) of {1} in the logs were read as gaps (the LAS null value).</source>
            <translation>测井曲线中 {1} 的 {0} 个值被读作缺失（LAS 空值）。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="251" />
            <source>Well '{0}' has the label value(s) {1}, not in the class-code table {2} (codes: {3}). Add them to the table, or fix those labels.</source>
            <translation>井“{0}”的标注值 {1} 不在类别代码表 {2} 中（代码：{3}）。请将其加入代码表，或修正这些标注。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="267" />
            <source>Only {0} well(s) have labelled depth samples with every curve ({1}{2}); training holds whole wells out (one to test, one to stop early, one to train on) and needs at least 3. Give more labelled wells.</source>
            <translation>只有 {0} 口井具有所有曲线齐全的已标注深度采样（{1}{2}）；训练整口井留出（一口测试、一口用于早停、一口用于训练），至少需要 3 口。请给出更多已标注的井。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="370" />
            <source>{0} labelled depth samples from {1} wells, windows of {2} samples of {3} curve(s) ({4}), {5} classes; left out: {6} without a label, {7} with a gap at the depth.</source>
            <translation>来自 {1} 口井的 {0} 个已标注深度采样，窗口为 {3} 条曲线（{4}）的 {2} 个采样，{5} 个类别；排除：{6} 个无标注，{7} 个在该深度有缺失。</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="417" />
            <source>truth</source>
            <translation>真实</translation>
        </message>
        <message>
            <location filename="../../learning/wells.py" line="435" />
            <source>Held-out wells: true classes beside the model's, along depth</source>
            <translation>留出井：沿深度的真实类别与模型类别对比</translation>
        </message>
        <message>
            <source>The input length must be at least 2 and horizons at least 1 (got {0}, {1}).</source>
            <translation type="obsolete">输入长度必须至少为 2，预测步长至少为 1（得到的是 {0}、{1}）。</translation>
        </message>
        <message>
            <source>The target {0} is not a value column; choose one of {1}.</source>
            <translation type="obsolete">目标 {0} 不是数值列；请选择 {1} 之一。</translation>
        </message>
        <message>
            <source>{0} windows of {1} steps from {2} series, forecasting {3} step(s).</source>
            <translation type="obsolete">来自 {2} 条序列的 {0} 个 {1} 步窗口，预测 {3} 步。</translation>
        </message>
        <message>
            <source>The model file must end in .onnx, got {0}; choose a name like voids.onnx.</source>
            <translation type="obsolete">模型文件必须以 .onnx 结尾，得到的是 {0}；请选择类似 voids.onnx 的名称。</translation>
        </message>
        <message>
            <source>Held out by spatial blocks: {0} training pixels ({1} blocks), {2} for early stopping ({3}), {4} held out for the report ({5}).</source>
            <translation type="obsolete">按空间区块留出：{0} 个训练像元（{1} 个区块），{2} 个用于早停（{3}），{4} 个留给报告（{5}）。</translation>
        </message>
        <message>
            <source>The model computes {0} from the raster, which needs a grid in metres; {1} is {2}. Reproject it to a projected CRS in metres first (Raster &gt; Projections &gt; Warp), or give every band of the model.</source>
            <translation type="obsolete">模型需由栅格计算 {0}，这需要以米为单位的网格；{1} 为 {2}。请先将其重投影到以米为单位的投影坐标系（栅格 &gt; 投影 &gt; 变形），或给出模型的所有波段。</translation>
        </message>
        <message>
            <source>Model written to {0} ({1} MB{2}; {3} fold model file(s) beside it)</source>
            <translation type="obsolete">模型已写入 {0}（{1} MB{2}；旁边有 {3} 个折模型文件）</translation>
        </message>
        <message>
            <source>Classes: {0}</source>
            <translation type="obsolete">等级：{0}</translation>
        </message>
        <message>
            <source>Model written to {0} ({1} fold model(s) beside it)</source>
            <translation type="obsolete">模型已写入 {0}（旁边有 {1} 个分折模型）</translation>
        </message>
        <message>
            <source>The model {0} lists no fold models, so there is no spread to map. Train it with Lithoscope (it writes one model per cross-validation fold beside it) or leave the uncertainty output empty.</source>
            <translation type="obsolete">模型 {0} 没有列出分折模型，因此没有可制图的离散度。请用 Lithoscope 训练（它会在模型旁为每个交叉验证折写出一个模型），或将不确定性输出留空。</translation>
        </message>
    </context>
</TS>
