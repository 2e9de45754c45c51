/* The header compiles on its own and can be included twice in one translation unit. */
#include "jenkins_trigger.h"
#include "jenkins_trigger.h"

int main(void)
{
    JtStatus ok = JT_OK;
    JtBuildResult none = JT_RESULT_NONE;
    return (int)ok + (int)none + (JT_ABI_VERSION == 1 ? 0 : 1);
}
