from smeplanner.core.models import PipelineStage


def test_new_workspace_has_default_pipeline(workspace):
    assert [s.name for s in PipelineStage.select().order_by(PipelineStage.position)] == [
        "Prospect", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]
