import { ComingSoon } from "~/components/coming-soon";

export default () => <ComingSoon title="nav.catalogue" />;
