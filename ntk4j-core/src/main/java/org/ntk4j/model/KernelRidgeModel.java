package org.ntk4j.model;

import org.ntk4j.Progress;
import org.ntk4j.kernel.Kernel;
import org.ntk4j.kernel.KernelSpec;
import org.ntk4j.kernel.Kernels;
import org.ntk4j.learn.DualRidge;
import org.ntk4j.linalg.DoubleMatrix;
import org.ntk4j.linalg.Rows;

import java.util.Map;

/** Exact kernel ridge: keeps the (standardised) training inputs and the dual coefficients. */
public record KernelRidgeModel(Preprocessing preprocessing, Kernel kernel, DoubleMatrix trainInputs,
                               DualRidge.Predictor predictor, FitSummary summary) implements TrainedModel {
    static final String TYPE = "kernel-ridge";

    @Override
    public String describeMap() {
        return kernel.spec().toString();
    }

    @Override
    public DoubleMatrix predict(Rows rawInputs, Progress progress) {
        Rows x = preprocessing.transformInputs(rawInputs, "input");
        return TrainedModel.inBlocks(x, predictor.alpha().cols(), progress,
                block -> preprocessing.outputsToTargets(predictor.predict(kernel.gram(block, trainInputs))));
    }

    @Override
    public void writeContent(Map<String, String> header, Map<String, DoubleMatrix> arrays) {
        header.put("model-type", TYPE);
        header.put("kernel", kernel.spec().toString());
        arrays.put("train-inputs", trainInputs);
        arrays.put("alpha", predictor.alpha());
        arrays.put("offset", Preprocessing.row(predictor.offset()));
    }

    static KernelRidgeModel read(ModelFile f, Preprocessing pre, FitSummary summary) {
        Kernel kernel = Kernels.build(KernelSpec.parse(f.require("kernel")));
        DoubleMatrix x = f.array("train-inputs");
        DoubleMatrix alpha = f.array("alpha");
        if (x.cols() != pre.inputDim() || alpha.rows() != x.rows() || alpha.cols() != pre.outputs()) {
            throw new ModelFormatException("training inputs " + x.rows() + "x" + x.cols() + " and coefficients "
                    + alpha.rows() + "x" + alpha.cols() + " do not fit " + pre.inputDim() + " inputs, "
                    + pre.outputs() + " outputs");
        }
        double[] offset = f.array("offset").data();
        if (offset.length != pre.outputs()) {
            throw new ModelFormatException("offset has " + offset.length + " values, expected " + pre.outputs());
        }
        return new KernelRidgeModel(pre, kernel, x, new DualRidge.Predictor(alpha, offset), summary);
    }
}
