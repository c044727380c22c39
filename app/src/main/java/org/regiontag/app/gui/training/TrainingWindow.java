package org.regiontag.app.gui.training;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.regiontag.app.gui.BackboneNames;
import org.regiontag.app.gui.GuiText;
import org.regiontag.app.gui.main.MainViewModel;
import org.regiontag.app.gui.main.MainWindow;
import org.regiontag.db.repo.PrototypeKind;

/**
 * The training window. It charts the loss per step of each round, mAP and F1 per round, and the
 * pseudo-labels' precision, recall and accuracy per round. It also lists the model versions with
 * their numbers and maps one version's prototypes in 2-D (text as squares, visual as circles, in
 * the category's colour).
 */
public final class TrainingWindow {

    private final TrainingViewModel viewModel;
    private final Stage stage = new Stage();
    private final LineChart<Number, Number> lossChart = lineChart("training.axis.step", "training.axis.loss");
    private final LineChart<Number, Number> qualityChart = lineChart("training.axis.round", "training.axis.percent");
    private final LineChart<Number, Number> pseudoChart = lineChart("training.axis.round", "training.axis.percent");
    private final ScatterChart<Number, Number> mapChart;
    private final NumberAxis mapX = new NumberAxis();
    private final NumberAxis mapY = new NumberAxis();

    TrainingWindow(TrainingViewModel viewModel) {
        this.viewModel = viewModel;
        mapChart = new ScatterChart<>(mapX, mapY);
        // The chart's legend would show its own series symbols, not the markers; the line above the
        // map explains the shapes instead.
        mapChart.setLegendVisible(false);
        mapChart.setAnimated(false);
    }

    /** Opens the window for the open project and reads its versions. */
    public static TrainingWindow show(Window owner, MainViewModel main) {
        TrainingViewModel viewModel = new TrainingViewModel(main.context().executors(), main.project(), main);
        TrainingWindow window = new TrainingWindow(viewModel);
        window.build(owner);
        main.latestVersionProperty().addListener((observable, before, after) -> viewModel.load());
        viewModel.load();
        return window;
    }

    public Stage stage() {
        return stage;
    }

    public TrainingViewModel viewModel() {
        return viewModel;
    }

    /** Selects the tab at {@code index}: loss, quality, pseudo-labels, versions, prototype map. */
    public void selectTab(int index) {
        ((TabPane) ((BorderPane) stage.getScene().getRoot()).getCenter()).getSelectionModel().select(index);
    }

    private void build(Window owner) {
        TabPane tabs = new TabPane(
                new Tab(GuiText.text("training.tab.loss"), lossChart),
                new Tab(GuiText.text("training.tab.quality"), qualityChart),
                new Tab(GuiText.text("training.tab.pseudo"), pseudoChart),
                new Tab(GuiText.text("training.tab.versions"), versionsTable()),
                new Tab(GuiText.text("training.tab.prototypes"), prototypeMap()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        viewModel.versions().addListener((ListChangeListener<VersionRow>) change -> drawCharts());
        viewModel.points().addListener((ListChangeListener<PrototypePoint>) change -> drawMap());

        BorderPane root = new BorderPane(tabs);
        root.getStyleClass().add("training-window");
        Scene scene = new Scene(root, 980, 640);
        scene.getStylesheets().add(MainWindow.STYLESHEET);
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.setTitle(GuiText.text("training.title"));
        stage.show();
    }

    private void drawCharts() {
        List<VersionRow> rows = viewModel.versions();
        lossChart.getData().clear();
        int step = 0;
        for (VersionRow row : rows) {
            List<Double> loss = row.metrics().loss();
            if (loss.isEmpty()) {
                continue;
            }
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(GuiText.text("training.roundName", row.metrics().round()));
            for (double value : loss) {
                series.getData().add(new XYChart.Data<>(++step, value));
            }
            lossChart.getData().add(series);
        }
        qualityChart.getData().setAll(List.of(
                perRound(rows, "training.series.map", RoundMetrics::map),
                perRound(rows, "training.series.cf1", RoundMetrics::cf1),
                perRound(rows, "training.series.of1", RoundMetrics::of1)));
        pseudoChart.getData().setAll(List.of(
                perRound(rows, "training.series.plPrecision", RoundMetrics::plPrecision),
                perRound(rows, "training.series.plRecall", RoundMetrics::plRecall),
                perRound(rows, "training.series.plAccuracy", RoundMetrics::plAccuracy)));
    }

    private static XYChart.Series<Number, Number> perRound(List<VersionRow> rows, String nameKey,
            Function<RoundMetrics, Double> value) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(GuiText.text(nameKey));
        for (VersionRow row : rows) {
            Double number = value.apply(row.metrics());
            if (number != null) {
                series.getData().add(new XYChart.Data<>(row.metrics().round(), 100 * number));
            }
        }
        return series;
    }

    private TableView<VersionRow> versionsTable() {
        TableView<VersionRow> table = new TableView<>(viewModel.versions());
        table.getColumns().setAll(List.of(
                column("training.column.version", row -> "v" + row.id()),
                column("training.column.round", row -> String.valueOf(row.metrics().round())),
                column("training.column.parent", row -> row.parentId() == null ? "" : "v" + row.parentId()),
                column("training.column.backbone", VersionRow::backbone),
                column("training.column.created", VersionRow::createdAt),
                column("training.series.map", row -> percent(row.metrics().map())),
                column("training.series.cf1", row -> percent(row.metrics().cf1())),
                column("training.series.of1", row -> percent(row.metrics().of1())),
                column("training.series.plPrecision", row -> percent(row.metrics().plPrecision())),
                column("training.series.plRecall", row -> percent(row.metrics().plRecall())),
                column("training.column.note", VersionRow::note)));
        table.setPlaceholder(new Label(GuiText.text("training.noVersions")));
        return table;
    }

    private static TableColumn<VersionRow, String> column(String titleKey, Function<VersionRow, String> text) {
        TableColumn<VersionRow, String> column = new TableColumn<>(GuiText.text(titleKey));
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }

    private static String percent(Double value) {
        return value == null ? "" : GuiText.text("training.percent", 100 * value);
    }

    private VBox prototypeMap() {
        ComboBox<VersionRow> version = new ComboBox<>(viewModel.versions());
        version.setConverter(new StringConverter<>() {
            @Override
            public String toString(VersionRow row) {
                return row == null ? "" : GuiText.text("training.versionName", row.id(), BackboneNames.shortName(row.backbone()));
            }

            @Override
            public VersionRow fromString(String text) {
                throw new UnsupportedOperationException("the choice is not editable");
            }
        });
        version.valueProperty().bindBidirectional(viewModel.mapVersionProperty());
        Label hint = new Label();
        hint.textProperty().bind(viewModel.mapHintProperty());
        hint.getStyleClass().add("form-hint");
        Label legend = new Label(GuiText.text("training.mapLegend"));
        legend.getStyleClass().add("form-hint");
        HBox top = new HBox(10, new Label(GuiText.text("training.mapVersion")), version, legend);
        top.setPadding(new Insets(8));
        StackPane chartHost = new StackPane(mapChart, hint);
        VBox box = new VBox(top, chartHost);
        VBox.setVgrow(chartHost, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    private void drawMap() {
        mapChart.getData().clear();
        XYChart.Series<Number, Number> text = new XYChart.Series<>();
        text.setName(GuiText.text("training.textPrototypes"));
        XYChart.Series<Number, Number> visual = new XYChart.Series<>();
        visual.setName(GuiText.text("training.visualPrototypes"));
        for (PrototypePoint point : viewModel.points()) {
            XYChart.Data<Number, Number> data = new XYChart.Data<>(point.x(), point.y());
            data.setNode(marker(point));
            (point.kind() == PrototypeKind.TEXT ? text : visual).getData().add(data);
        }
        mapX.setLabel(GuiText.text("training.axis.pc", 1, 100 * viewModel.explainedXProperty().get()));
        mapY.setLabel(GuiText.text("training.axis.pc", 2, 100 * viewModel.explainedYProperty().get()));
        mapChart.getData().setAll(List.of(text, visual));
    }

    private static StackPane marker(PrototypePoint point) {
        Color colour;
        try {
            colour = Color.web(point.colour());
        } catch (IllegalArgumentException e) {
            colour = Color.GRAY;
        }
        Shape shape = point.kind() == PrototypeKind.TEXT ? new Rectangle(10, 10) : new Circle(5);
        shape.setFill(colour);
        shape.setStroke(colour.darker());
        Label name = new Label(point.category());
        name.getStyleClass().add("map-label");
        name.setTranslateY(-12);
        StackPane marker = new StackPane(shape, name);
        // The chart replaces a data node's style classes with its series' symbol, whose background
        // would cover the marker; an inline style outranks the chart's stylesheet.
        marker.setStyle("-fx-background-color: transparent; -fx-padding: 0;");
        Tooltip.install(marker, new Tooltip(point.category() + " (" + point.kind().storeName() + ")"));
        return marker;
    }

    private static LineChart<Number, Number> lineChart(String xKey, String yKey) {
        NumberAxis x = new NumberAxis();
        x.setLabel(GuiText.text(xKey));
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(GuiText.text(yKey));
        y.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        return chart;
    }
}
